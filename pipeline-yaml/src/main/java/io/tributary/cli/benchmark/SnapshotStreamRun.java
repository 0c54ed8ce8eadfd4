package io.tributary.cli.benchmark;

import static java.util.Objects.requireNonNull;

import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineRunner;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One benchmark run: starts the pipeline, times the snapshot by a counter of delivered snapshot
 * rows, waits for the stream, commits the changes and times their delivery by a counter of
 * delivered changes, sampling the heap throughout and reading the process's peak resident set at
 * the end. Each benchmark brings its source's load.
 */
public final class SnapshotStreamRun {
    /** What a benchmark does to its source once the snapshot is delivered. */
    public interface Load {
        /** Returns once a change committed now reaches the sink: the stream is running. */
        void awaitStreaming(BackgroundPipeline pipeline) throws Exception;

        /** Commits the changes; returns when the last one committed ({@link System#nanoTime()}). */
        long commitChanges() throws Exception;

        /** Measures more while the pipeline still runs, after the changes arrived; the default measures nothing. */
        default void afterChanges(BackgroundPipeline pipeline) throws Exception {}
    }

    private SnapshotStreamRun() {}

    /**
     * Runs {@code runner} and measures it against {@code rows} snapshot rows counted by
     * {@code snapshotRows} and {@code changes} changes counted by {@code changesDelivered}.
     */
    public static BenchmarkResult measure(PipelineRunner runner, double rawJdbcRate, long rows, long changes, LongSupplier snapshotRows,
            LongSupplier changesDelivered, Load load) throws Exception {
        requireNonNull(runner, "runner is null");
        requireNonNull(load, "load is null");
        ResidentSetPeak.resetForThisProcess();
        try (HeapSampler heap = new HeapSampler()) {
            long submitted = System.nanoTime();
            long firstRow;
            long lastRow;
            long streaming;
            long loadStart;
            long loadEnd;
            long delivered;
            long peak;
            try (BackgroundPipeline pipeline = BackgroundPipeline.start(runner, "benchmark-pipeline")) {
                firstRow = PipelineProgress.awaitCount(snapshotRows, 1, pipeline, Duration.ofMinutes(5));
                lastRow = PipelineProgress.awaitCount(snapshotRows, rows, pipeline, Duration.ofMinutes(30));
                load.awaitStreaming(pipeline);
                streaming = System.nanoTime();
                long baseline = changesDelivered.getAsLong();
                loadStart = System.nanoTime();
                loadEnd = load.commitChanges();
                delivered = PipelineProgress.awaitCount(changesDelivered, baseline + changes, pipeline, Duration.ofMinutes(30));
                peak = heap.peakBytes();
                load.afterChanges(pipeline);
            }
            double snapshotSeconds = (lastRow - submitted) / 1e9;
            double snapshotRate = rows / Math.max(1e-9, (lastRow - firstRow) / 1e9);
            double streamRate = changes / Math.max(1e-9, (delivered - loadStart) / 1e9);
            return new BenchmarkResult(rawJdbcRate, snapshotRate, snapshotSeconds, (streaming - lastRow) / 1_000_000, streamRate, Math.max(0, (delivered - loadEnd) / 1_000_000), peak,
                    (firstRow - submitted) / 1_000_000, ResidentSetPeak.ofThisProcess(), Optional.empty());
        }
    }
}
