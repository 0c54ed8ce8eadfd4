package io.tributary.core.source.contract;

import io.tributary.core.runtime.PipelineRunner;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A pipeline running on its own thread, as {@code tributary run} runs it, which a test can crash. */
final class RunningPipeline {
    private final PipelineRunner runner;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private RunningPipeline(PipelineRunner runner, String name) {
        this.runner = runner;
        this.thread = new Thread(() -> {
            try {
                runner.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "pipeline " + name);
    }

    static RunningPipeline start(PipelineRunner runner, String name) {
        RunningPipeline running = new RunningPipeline(runner, name);
        running.thread.start();
        return running;
    }

    /** Throws if the pipeline failed. */
    void check() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("the pipeline failed: " + t, t);
        }
    }

    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    boolean hasEnded() {
        return !thread.isAlive();
    }

    /** Cancels the job without a savepoint, as a crash would, and waits until it is gone. */
    void crash() throws InterruptedException {
        runner.abort();
        thread.join(Duration.ofMinutes(1).toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the pipeline did not end within a minute of being cancelled");
        }
    }

    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
    }
}
