package io.tributary.core.metrics;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Operation;
import java.util.Locale;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * A sink writer's metrics: change events committed to the target by operation
 * ({@code tributary_sink_events_total}), failed write attempts ({@code tributary_sink_errors_total}) and
 * the sink lag, now minus the source commit time of the last change from the log that the target
 * committed ({@code tributary_sink_lag_seconds}; snapshot rows do not count, as for the source
 * lag).
 *
 * <p>A writer calls {@link #accepted} for each change it buffers, then {@link #committed} once
 * the target has committed everything accepted so far. Used from the writer's task thread; the
 * lag gauge is read from the metric reporter's thread.
 */
public final class SinkMetrics {
    private static final Operation[] OPERATIONS = Operation.values();

    private final Counter[] committedEvents = new Counter[OPERATIONS.length];
    /** Accepted but not yet committed events, by operation ordinal (an array: this runs per event). */
    private final long[] uncommitted = new long[OPERATIONS.length];
    private final Counter errors;
    private long uncommittedCommitMillis = -1;
    private volatile long lastCommittedCommitMillis = -1;

    public SinkMetrics(MetricGroup group) {
        requireNonNull(group, "group is null");
        for (Operation operation : OPERATIONS) {
            committedEvents[operation.ordinal()] = group.addGroup("operation", operation.name().toLowerCase(Locale.ROOT)).counter("tributary_sink_events");
        }
        errors = group.counter("tributary_sink_errors");
        group.gauge("tributary_sink_lag_seconds", (Gauge<Double>) this::lagSeconds);
    }

    /** A change the writer will write with the next commit. */
    public void accepted(DataChangeEvent change) {
        uncommitted[change.operation().ordinal()]++;
        if (change.operation() != Operation.READ) {
            uncommittedCommitMillis = Math.max(uncommittedCommitMillis, change.sourceTimestampMillis());
        }
    }

    /** The target committed every change accepted so far. */
    public void committed() {
        for (int i = 0; i < uncommitted.length; i++) {
            if (uncommitted[i] > 0) {
                committedEvents[i].inc(uncommitted[i]);
                uncommitted[i] = 0;
            }
        }
        if (uncommittedCommitMillis >= 0) {
            lastCommittedCommitMillis = uncommittedCommitMillis;
        }
        uncommittedCommitMillis = -1;
    }

    /** An attempt to write to (or connect to) the target failed, whether it is retried or fails the job. */
    public void failed() {
        errors.inc();
    }

    private double lagSeconds() {
        long commit = lastCommittedCommitMillis;
        return commit < 0 ? 0.0 : Math.max(0, System.currentTimeMillis() - commit) / 1000.0;
    }
}
