package io.tributary.cli.demo;

import static java.util.Objects.requireNonNull;

import io.tributary.core.runtime.PipelineRunner;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A pipeline running on its own named thread, stopped (with a savepoint) when closed. */
final class RunningPipeline implements AutoCloseable {
    private final PipelineRunner runner;
    private final CompletableFuture<Void> end = new CompletableFuture<>();
    private final Thread thread;

    private RunningPipeline(PipelineRunner runner) {
        this.runner = requireNonNull(runner, "runner is null");
        this.thread = new Thread(this::run, "tributary-demo-pipeline");
    }

    static RunningPipeline start(PipelineRunner runner) {
        RunningPipeline pipeline = new RunningPipeline(runner);
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
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        try {
            end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    boolean hasEnded() {
        return end.isDone();
    }

    /** Why the pipeline failed, once it has. */
    Optional<Throwable> failure() {
        try {
            end.getNow(null);
            return Optional.empty();
        } catch (CompletionException e) {
            return Optional.of(e.getCause());
        }
    }

    /** Stops the pipeline if it still runs (blocking until its savepoint is taken) and waits for its thread. */
    @Override
    public void close() {
        if (!end.isDone()) {
            runner.stop();
        }
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
