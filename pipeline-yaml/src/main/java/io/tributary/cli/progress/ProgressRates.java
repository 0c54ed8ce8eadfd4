package io.tributary.cli.progress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * Snapshot rows per second and change events per second, from the counts of successive
 * {@link ProgressSnapshot}s of one phase over a sliding window (counts grow in steps, at finished
 * chunks and checkpoints, so a window of several seconds reads steadier than the last step).
 */
final class ProgressRates {
    private record Sample(long nanos, String phase, long rows, long events) {}

    private final long windowNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();

    ProgressRates(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /**
     * Adds the counts seen at {@code nanos} ({@link System#nanoTime()}). A new phase starts the
     * window afresh: the events of the stream are not averaged with the snapshot's rows.
     */
    void add(long nanos, ProgressSnapshot snapshot) {
        if (!samples.isEmpty() && !samples.peekLast().phase().equals(snapshot.phase())) {
            samples.clear();
        }
        samples.addLast(new Sample(nanos, snapshot.phase(), snapshot.rows(), snapshot.events().orElse(0)));
        while (samples.size() > 2 && nanos - samples.peekFirst().nanos() > windowNanos) {
            samples.removeFirst();
        }
    }

    OptionalDouble rowsPerSecond() {
        return rate(Sample::rows);
    }

    OptionalDouble eventsPerSecond() {
        return rate(Sample::events);
    }

    private OptionalDouble rate(java.util.function.ToLongFunction<Sample> count) {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long delta = count.applyAsLong(last) - count.applyAsLong(first);
        if (last.nanos() <= first.nanos() || delta < 0) {
            // a restart of the job starts its counters afresh: no rate until the window refills
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(delta * 1e9 / (last.nanos() - first.nanos()));
    }
}
