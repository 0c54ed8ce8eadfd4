package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {
    @Test
    void eventsPerSecondAreTheCountersGrowthOverEachInterval() {
        StatusHistory history = new StatusHistory();
        history.record(reading(0, Map.of("insert", 100.0, "update", 0.0), Map.of()));
        history.record(reading(5_000, Map.of("insert", 150.0, "update", 10.0), Map.of()));

        List<Map<String, Object>> samples = samples(history);
        assertThat(samples).singleElement().satisfies(sample -> {
            assertThat(sample.get("eventsPerSecond")).isEqualTo(Map.of("insert", 10.0, "update", 2.0));
            assertThat(sample.get("sourceLagSeconds")).isEqualTo(Optional.of(1.5));
            assertThat(sample.get("at")).isEqualTo("1970-01-01T00:00:05Z");
        });
    }

    @Test
    void aRestartedJobsCountersStartAgainWithoutNegativeRates() {
        StatusHistory history = new StatusHistory();
        history.record(reading(0, Map.of("insert", 1000.0), Map.of()));
        history.record(reading(5_000, Map.of("insert", 20.0), Map.of()));

        assertThat(samples(history).get(0).get("eventsPerSecond")).isEqualTo(Map.of("insert", 4.0));
    }

    @Test
    void theRingKeepsFifteenMinutesHowLongEverThePipelineRuns() {
        StatusHistory history = new StatusHistory();
        for (int i = 0; i <= 10_000; i++) {
            history.record(reading(i * 5_000L, Map.of("insert", (double) i), Map.of()));
        }

        List<Map<String, Object>> samples = samples(history);
        assertThat(samples).hasSize(StatusHistory.SAMPLES).hasSize(180);
        assertThat(samples.get(samples.size() - 1).get("at")).isEqualTo(java.time.Instant.ofEpochMilli(10_000 * 5_000L).toString());
    }

    @Test
    void rowsPerSecondPerTableLookBackAboutHalfAMinute() {
        StatusHistory history = new StatusHistory();
        for (int i = 0; i <= 12; i++) {
            history.record(reading(i * 5_000L, Map.of(), Map.of("db.public.orders", i * 5_000L, "db.public.done", 700L)));
        }

        assertThat(history.tableRowsPerSecond()).containsOnlyKeys("db.public.orders");
        assertThat(history.tableRowsPerSecond().get("db.public.orders")).isEqualTo(1000.0);
    }

    @Test
    void eachCheckpointIsKeptOnceAndOnlyTheLastTen() {
        StatusHistory history = new StatusHistory();
        for (int i = 1; i <= 30; i++) {
            // Several samples see the same last checkpoint.
            history.record(new StatusHistory.Reading(i * 5_000L, Map.of(), OptionalDouble.empty(), OptionalDouble.empty(), Map.of(),
                    Optional.of(new StatusHistory.Checkpoint(i / 2, i * 5_000L, 40, 2048))));
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checkpoints = (List<Map<String, Object>>) history.document().get("checkpoints");
        assertThat(checkpoints).hasSize(StatusHistory.CHECKPOINTS);
        assertThat(checkpoints).extracting(c -> c.get("id")).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
        assertThat(checkpoints.get(0)).containsEntry("durationMillis", 40L).containsEntry("sizeBytes", 2048L);
    }

    private static StatusHistory.Reading reading(long at, Map<String, Double> events, Map<String, Long> rows) {
        return new StatusHistory.Reading(at, events, OptionalDouble.of(1.5), OptionalDouble.empty(), rows, Optional.empty());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> samples(StatusHistory history) {
        return (List<Map<String, Object>>) history.document().get("samples");
    }
}
