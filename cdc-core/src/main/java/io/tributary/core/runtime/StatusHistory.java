package io.tributary.core.runtime;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The recent past of a running pipeline for the status page's charts: change events per second by
 * operation and the source's and sink's lag, one sample per {@link #INTERVAL_SECONDS} over the
 * last {@link #WINDOW_SECONDS}, and the last {@link #CHECKPOINTS} checkpoints. Every ring is
 * bounded, so the history takes the same memory after an hour as after a month. Rows per second of
 * each table's snapshot come from the same samples.
 */
final class StatusHistory {
    static final int INTERVAL_SECONDS = 5;
    static final int WINDOW_SECONDS = 15 * 60;
    static final int SAMPLES = WINDOW_SECONDS / INTERVAL_SECONDS;
    static final int CHECKPOINTS = 10;
    /** How far back a table's rows per second look: long enough to smooth chunk boundaries, short enough to follow a change of pace. */
    private static final long RATE_SPAN_MILLIS = 30_000;

    /** What the pipeline's metrics said at one moment. */
    record Reading(long atMillis, Map<String, Double> eventTotals, OptionalDouble sourceLagSeconds, OptionalDouble sinkLagSeconds,
            Map<String, Long> tableRows, Optional<Checkpoint> lastCheckpoint) {}

    /** One completed checkpoint. */
    record Checkpoint(long id, long completedAtMillis, long durationMillis, long sizeBytes) {}

    private record Sample(long atMillis, Map<String, Double> eventsPerSecond, OptionalDouble sourceLagSeconds, OptionalDouble sinkLagSeconds) {}

    private record Rows(long atMillis, Map<String, Long> tableRows) {}

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Deque<Rows> rows = new ArrayDeque<>();
    private final Deque<Checkpoint> checkpoints = new ArrayDeque<>();
    private Reading previous;

    /** Adds what the metrics say now; the first reading only sets the baseline of the rates. */
    synchronized void record(Reading reading) {
        if (previous != null && reading.atMillis() > previous.atMillis()) {
            double seconds = (reading.atMillis() - previous.atMillis()) / 1000.0;
            Map<String, Double> rates = new LinkedHashMap<>();
            reading.eventTotals().forEach((operation, total) -> {
                // A restarted job counts from zero again: what it counted since is the best guess of the interval's events.
                double delta = total - previous.eventTotals().getOrDefault(operation, 0.0);
                rates.put(operation, (delta >= 0 ? delta : total) / seconds);
            });
            samples.addLast(new Sample(reading.atMillis(), rates, reading.sourceLagSeconds(), reading.sinkLagSeconds()));
            while (samples.size() > SAMPLES) {
                samples.removeFirst();
            }
        }
        rows.addLast(new Rows(reading.atMillis(), reading.tableRows()));
        while (rows.size() > 2 && rows.getFirst().atMillis() < reading.atMillis() - RATE_SPAN_MILLIS) {
            rows.removeFirst();
        }
        reading.lastCheckpoint().ifPresent(checkpoint -> {
            if (checkpoints.isEmpty() || checkpoints.getLast().id() != checkpoint.id()) {
                checkpoints.addLast(checkpoint);
                while (checkpoints.size() > CHECKPOINTS) {
                    checkpoints.removeFirst();
                }
            }
        });
        previous = reading;
    }

    /** Rows per second each table's snapshot read over the last half minute; absent for a table read no rows meanwhile. */
    synchronized Map<String, Double> tableRowsPerSecond() {
        Map<String, Double> rates = new HashMap<>();
        if (rows.size() < 2) {
            return rates;
        }
        Rows first = rows.getFirst();
        Rows last = rows.getLast();
        double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
        if (seconds <= 0) {
            return rates;
        }
        last.tableRows().forEach((table, count) -> {
            long delta = count - first.tableRows().getOrDefault(table, count);
            if (delta > 0) {
                rates.put(table, delta / seconds);
            }
        });
        return rates;
    }

    /** The charts' data: {@code /status/history}. */
    synchronized Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("intervalSeconds", INTERVAL_SECONDS);
        document.put("windowSeconds", WINDOW_SECONDS);
        List<Map<String, Object>> sampleList = new ArrayList<>(samples.size());
        for (Sample sample : samples) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("at", Instant.ofEpochMilli(sample.atMillis()).toString());
            entry.put("eventsPerSecond", sample.eventsPerSecond());
            entry.put("sourceLagSeconds", optional(sample.sourceLagSeconds()));
            entry.put("sinkLagSeconds", optional(sample.sinkLagSeconds()));
            sampleList.add(entry);
        }
        document.put("samples", sampleList);
        List<Map<String, Object>> checkpointList = new ArrayList<>(checkpoints.size());
        for (Checkpoint checkpoint : checkpoints) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", checkpoint.id());
            entry.put("completedAt", Instant.ofEpochMilli(checkpoint.completedAtMillis()).toString());
            entry.put("durationMillis", checkpoint.durationMillis());
            entry.put("sizeBytes", checkpoint.sizeBytes());
            checkpointList.add(entry);
        }
        document.put("checkpoints", checkpointList);
        return document;
    }

    private static Optional<Double> optional(OptionalDouble value) {
        return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
    }
}
