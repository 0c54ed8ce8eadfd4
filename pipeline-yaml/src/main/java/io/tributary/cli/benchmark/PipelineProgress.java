package io.tributary.cli.benchmark;

import io.tributary.core.runtime.BackgroundPipeline;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Waits on a delivery counter of a pipeline running in the background, failing when the pipeline does. */
public final class PipelineProgress {
    private PipelineProgress() {}

    /** Waits until {@code counter} reaches {@code target}; returns then ({@link System#nanoTime()}). */
    public static long awaitCount(LongSupplier counter, long target, BackgroundPipeline pipeline, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.getAsLong() < target) {
            checkFailure(pipeline);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + counter.getAsLong() + " of " + target + " events arrived within " + timeout);
            }
            // The harness watches a counter from outside the job; polling every millisecond bounds
            // the timing error to 1 ms without touching the sink's hot path.
            Thread.sleep(1);
        }
        return System.nanoTime();
    }

    public static void checkFailure(BackgroundPipeline pipeline) throws Exception {
        Throwable t = pipeline.failure().orElse(null);
        if (t instanceof Exception e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        if (pipeline.hasEnded()) {
            throw new IllegalStateException("The pipeline ended before the benchmark did");
        }
    }
}
