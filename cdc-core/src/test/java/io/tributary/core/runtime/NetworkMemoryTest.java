package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkMemoryTest {
    @TempDir
    Path state;

    @Test
    void aSmallJobGetsSixteenMebibytesInsteadOfFlinksSixtyFour() {
        Configuration conf = configuration(Map.of("parallelism", "2"));

        assertThat(conf.get(TaskManagerOptions.NETWORK_MEMORY_MIN)).isEqualTo(MemorySize.ofMebiBytes(16));
        assertThat(conf.get(TaskManagerOptions.NETWORK_MEMORY_MAX)).isEqualTo(MemorySize.ofMebiBytes(16));
    }

    @Test
    void growsWithTheSquareOfTheParallelism() {
        // 16 × 17 + 16 × 40 = 912 buffers of 32 KiB, four times over
        assertThat(configuration(Map.of("parallelism", "16")).get(TaskManagerOptions.NETWORK_MEMORY_MAX)).isEqualTo(MemorySize.ofMebiBytes(114));
    }

    @Test
    void thePipelineFilesOwnSizeWins() {
        Configuration conf = configuration(Map.of("taskmanager.memory.network.min", "128mb", "taskmanager.memory.network.max", "128mb"));

        assertThat(conf.get(TaskManagerOptions.NETWORK_MEMORY_MIN)).isEqualTo(MemorySize.ofMebiBytes(128));
        assertThat(conf.get(TaskManagerOptions.NETWORK_MEMORY_MAX)).isEqualTo(MemorySize.ofMebiBytes(128));
    }

    private Configuration configuration(Map<String, String> pipelineOptions) {
        PipelineDefinition definition = new PipelineDefinition("network", new ConnectorDefinition("postgres", Map.of()),
                new ConnectorDefinition("blackhole", Map.of()), List.of(), pipelineOptions);
        return new PipelineRunner(definition, new RunOptions(state, OptionalInt.empty())).flinkConfiguration();
    }
}
