package io.tributary.core.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.execution.JobExecutionStatusEvent;
import org.apache.flink.core.execution.JobStatusChangedListener;
import org.apache.flink.core.execution.JobStatusChangedListenerFactory;

/**
 * Keeps the last failure of each embedded job, as Flink reports it when the job fails for good and
 * as its failed tasks log it ({@link TaskFailureCapture}) when it restarts: the status page shows
 * it with its code and what to do.
 * Flink creates the listener by class name ({@value #OPTION}), so failures reach the runner
 * through this class, by job name.
 */
public final class JobFailures implements JobStatusChangedListenerFactory {
    /** The Flink option that names this factory. */
    static final String OPTION = "execution.job-status-changed-listeners";

    /** A failure and when it was reported. */
    record Failure(long atMillis, Throwable error) {}

    private static final Map<String, Failure> LAST = new ConcurrentHashMap<>();

    /** Created by Flink, by class name. */
    public JobFailures() {}

    @Override
    public JobStatusChangedListener createListener(Context context) {
        return event -> {
            if (event instanceof JobExecutionStatusEvent status && status.exception() != null && event.jobName() != null) {
                LAST.put(event.jobName(), new Failure(System.currentTimeMillis(), status.exception()));
            }
        };
    }

    /** Records a failure of the job named {@code jobName} that Flink reported elsewhere (a failed task's cause). */
    static void report(String jobName, long atMillis, Throwable error) {
        LAST.put(jobName, new Failure(atMillis, error));
    }

    /** The last failure of the job named {@code jobName} since {@link #forget}, if any. */
    static Optional<Failure> last(String jobName) {
        return Optional.ofNullable(LAST.get(jobName));
    }

    /** Forgets the failures of an earlier run of a job of this name (a new run starts clean). */
    static void forget(String jobName) {
        LAST.remove(jobName);
    }
}
