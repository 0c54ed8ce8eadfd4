package io.tributary.core.error;

import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * Tells Flink not to restart a job for a failure that no restart can fix ({@link ErrorCode#isFatal()}):
 * such a failure is wrapped in Flink's {@link SuppressRestartsException}, which the job master
 * finds anywhere in the cause chain. The {@link TributaryException} stays in the chain, so the
 * CLI still prints its code and message.
 */
public final class FatalFailures {
    private FatalFailures() {}

    /** The failure itself, or the failure wrapped so that Flink ends the job instead of restarting it. */
    public static Exception suppressRestartsIfFatal(Exception failure) {
        return fatalAndUnmarked(failure) ? new SuppressRestartsException(failure) : failure;
    }

    /** As {@link #suppressRestartsIfFatal(Exception)}, for callers that may throw only unchecked exceptions. */
    public static RuntimeException suppressRestartsIfFatal(RuntimeException failure) {
        return fatalAndUnmarked(failure) ? new SuppressRestartsException(failure) : failure;
    }

    private static boolean fatalAndUnmarked(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SuppressRestartsException) {
                return false; // already marked
            }
        }
        return TributaryException.findIn(failure).map(own -> own.code().isFatal()).orElse(false);
    }
}
