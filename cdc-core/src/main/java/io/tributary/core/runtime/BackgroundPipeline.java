package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A pipeline running on its own named thread, stopped (with a savepoint) when closed. */
public final class BackgroundPipeline implements AutoCloseable {
    private final PipelineRunner runner;
    private final CompletableFuture<Void> end = new CompletableFuture<>();
    private final Thread thread;

    private BackgroundPipeline(PipelineRunner runner, String threadName) {
        this.runner = requireNonNull(runner, "runner is null");
        this.thread = new Thread(this::run, requireNonNull(threadName, "threadName is null"));
    }

    /** Starts {@link PipelineRunner#run()} on a thread of the given name. */
    public static BackgroundPipeline start(PipelineRunner runner, String threadName) {
        BackgroundPipeline pipeline = new BackgroundPipeline(runner, threadName);
        pipeline.thread.start();
        return pipeline;
    }

    private void run() {
        try {
            runner.run();
            end.complete(null);
        } catch (Throwable t) {
            end.completeExceptionally(t);
        }
    }

    /** Waits up to {@code timeout} for the pipeline to end; true when it has. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        try {
            end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    public boolean hasEnded() {
        return end.isDone();
    }

    /** Why the pipeline failed, once it has. */
    public Optional<Throwable> failure() {
        try {
            end.getNow(null);
            return Optional.empty();
        } catch (CompletionException e) {
            return Optional.of(e.getCause());
        }
    }

    /** Cancels without a savepoint, as a crash would, and waits for the thread. */
    public void abort() {
        if (!end.isDone()) {
            runner.abort();
        }
        join();
    }

    /** Stops the pipeline if it still runs (blocking until its savepoint is taken) and waits for its thread. */
    @Override
    public void close() {
        if (!end.isDone()) {
            runner.stop();
        }
        join();
    }

    private void join() {
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
