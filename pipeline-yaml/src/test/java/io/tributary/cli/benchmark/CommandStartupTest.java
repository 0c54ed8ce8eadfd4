package io.tributary.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.pipeline.PipelineParser;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CommandStartupTest {
    @Test
    void pipelineFileIsOneTributaryRunsAsGiven() {
        Map<String, String> source = Map.of("hostname", "127.0.0.1", "port", "5432", "username", "postgres", "password", "",
                "tables", "bench.public.items", "slot.name", "bench_1_startup");

        String text = CommandStartup.pipelineFile("benchmark-startup-1", "postgres", source, 2);
        PipelineDefinition definition = new PipelineParser(Map.of()).parse("startup.yaml", text);

        assertThat(definition.name()).isEqualTo("benchmark-startup-1");
        assertThat(definition.source().type()).isEqualTo("postgres");
        assertThat(definition.source().options()).containsAllEntriesOf(source);
        assertThat(definition.sink().type()).isEqualTo("blackhole");
        assertThat(definition.pipelineOptions()).containsEntry("parallelism", "2");
    }

    @Test
    void peakResidentSetOfThisProcessIsAtLeastItsHeapInUse() {
        long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        OptionalLong peak = ResidentSetPeak.ofThisProcess();

        assertThat(peak).isPresent();
        assertThat(peak.getAsLong()).isGreaterThan(used / 2);
    }
}
