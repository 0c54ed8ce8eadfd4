package io.tributary.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void reportsOneLineEveryIntervalWithTheEventRateBetweenReports() throws Exception {
        AtomicLong events = new AtomicLong(1_000);
        List<String> lines = new CopyOnWriteArrayList<>();
        String status = """
                {"pipeline":"p","phase":"streaming","restarts":0,"snapshot":{"tables":1,"perTable":[]},
                 "source":{"lagSeconds":1.25,"events":%d},"checkpoints":{"completed":3}}
                """;

        try (ProgressReporter reporter = ProgressReporter.start(() -> status.formatted(events.addAndGet(100)), lines::add, Duration.ofMillis(200))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lines.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
        assertThat(lines.get(0)).isEqualTo("p | streaming | 1 table | lag 1.3 s | - events/s | checkpoints 3");
        // 100 events per report, one report per 200 ms: about 500 events/s (the scheduler's timing varies).
        assertThat(lines.get(2)).matches("p \\| streaming \\| 1 table \\| lag 1\\.3 s \\| [3-6]\\d\\d events/s \\| checkpoints 3");
    }

    @Test
    void skipsARoundWhoseStatusCannotBeReadAndGoesOn() throws Exception {
        AtomicLong calls = new AtomicLong();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ProgressReporter reporter = ProgressReporter.start(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("the job is not there yet");
            }
            return "{\"pipeline\":\"p\",\"phase\":\"starting\"}";
        }, lines::add, Duration.ofMillis(100))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lines.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(lines).first().isEqualTo("p | starting");
    }
}
