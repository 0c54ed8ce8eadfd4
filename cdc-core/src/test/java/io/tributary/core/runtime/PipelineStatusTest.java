package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineStatusTest {
    @Test
    void writesNestedValuesWithEscapesAndNullsForWhatIsUnknown() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("pipeline", "a \"quoted\"\\name\n");
        document.put("ready", true);
        document.put("count", 3L);
        document.put("lag", 0.25);
        document.put("unknown", Double.NaN);
        document.put("unbounded", Double.NEGATIVE_INFINITY);
        document.put("absent", Optional.empty());
        document.put("present", Optional.of("0/16B3748"));
        document.put("tables", List.of(Map.of("table", "db.public.t")));
        assertThat(new PipelineStatus.Report(true, document).json()).isEqualTo("{\"pipeline\":\"a \\\"quoted\\\"\\\\name\\n\",\"ready\":true,\"count\":3,"
                + "\"lag\":0.25,\"unknown\":null,\"unbounded\":null,\"absent\":null,\"present\":\"0/16B3748\",\"tables\":[{\"table\":\"db.public.t\"}]}\n");
    }

    @Test
    void reportsAPipelineNotYetSubmittedInTheDocumentsKeyOrder() {
        PipelineStatus.Report report = new PipelineStatus("orders", new SimpleMeterRegistry(), Optional::empty).report(Optional.empty());

        assertThat(report.ready()).isFalse();
        assertThat(report.json()).isEqualTo("{\"pipeline\":\"orders\",\"phase\":\"starting\",\"ready\":false,\"jobId\":null,\"jobState\":null,"
                + "\"restarts\":0,\"snapshot\":{\"tables\":null,\"tablesUnsplit\":null,\"tablesStreaming\":null,\"chunksFinished\":null,\"chunksPending\":null,\"rows\":null,"
                + "\"remainingSeconds\":null,\"perTable\":[]},\"source\":{\"position\":null,\"lagSeconds\":null,\"events\":null},\"sink\":{\"lagSeconds\":null},"
                + "\"checkpoints\":{\"completed\":0,\"failed\":0,\"problem\":null},\"lastError\":null}\n");
    }

    @Test
    void countsTheEventsOfEveryOperationAndSubtaskOfThePipeline() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FunctionCounter.builder("tributary_source_events", 40.0, n -> n).tags("pipeline", "orders", "operation", "read", "subtask_index", "0").register(registry);
        FunctionCounter.builder("tributary_source_events", 2.0, n -> n).tags("pipeline", "orders", "operation", "update", "subtask_index", "1").register(registry);
        FunctionCounter.builder("tributary_source_events", 99.0, n -> n).tags("pipeline", "other", "operation", "read", "subtask_index", "0").register(registry);

        String json = new PipelineStatus("orders", registry, Optional::empty).report(Optional.empty()).json();

        assertThat(json).contains("\"source\":{\"position\":null,\"lagSeconds\":null,\"events\":42}");
    }
}
