package io.tributary.core.sink.blackhole;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.JobInfoImpl;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;

/** A writer context for driving a sink writer in a test: manual processing time, readable counters. */
public final class TestingWriterInitContext implements WriterInitContext {
    final ManualProcessingTimeService timeService = new ManualProcessingTimeService();
    final RecordingMetricGroup metrics = new RecordingMetricGroup();
    private final int subtask;
    private final int parallelism;

    /** The context of the only subtask. */
    public TestingWriterInitContext() {
        this(0, 1);
    }

    /** The context of subtask {@code subtask} (from 0) of {@code parallelism}. */
    public TestingWriterInitContext(int subtask, int parallelism) {
        this.subtask = subtask;
        this.parallelism = parallelism;
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
        throw new UnsupportedOperationException();
    }

    @Override
    public MailboxExecutor getMailboxExecutor() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ProcessingTimeService getProcessingTimeService() {
        return timeService;
    }

    @Override
    public SinkWriterMetricGroup metricGroup() {
        return metrics;
    }

    @Override
    public SerializationSchema.InitializationContext asSerializationSchemaInitializationContext() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isObjectReuseEnabled() {
        return false;
    }

    @Override
    public <IN> TypeSerializer<IN> createInputSerializer() {
        throw new UnsupportedOperationException();
    }

    @Override
    public OptionalLong getRestoredCheckpointId() {
        return OptionalLong.empty();
    }

    @Override
    public JobInfo getJobInfo() {
        return new JobInfoImpl(new JobID(), "test job");
    }

    @Override
    public TaskInfo getTaskInfo() {
        return new TaskInfoImpl("test sink", Math.max(parallelism, 1), subtask, parallelism, 0);
    }

    /** Fires timers only when the test advances the clock. */
    static final class ManualProcessingTimeService implements ProcessingTimeService {
        private final PriorityQueue<Timer> timers = new PriorityQueue<>();
        private long now;

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
            Timer timer = new Timer(timestamp, callback);
            timers.add(timer);
            return timer;
        }

        void advanceTo(long time) throws Exception {
            now = time;
            while (!timers.isEmpty() && timers.peek().timestamp <= time) {
                Timer timer = timers.poll();
                timer.callback.onProcessingTime(timer.timestamp);
            }
        }

        /** The earliest pending timer, or -1 when none is pending. */
        long nextTimer() {
            timers.removeIf(Timer::isCancelled);
            return timers.isEmpty() ? -1 : timers.peek().timestamp;
        }

        private static final class Timer extends CompletableFuture<Void> implements ScheduledFuture<Void> {
            final long timestamp;
            final ProcessingTimeCallback callback;

            Timer(long timestamp, ProcessingTimeCallback callback) {
                this.timestamp = timestamp;
                this.callback = callback;
            }

            @Override
            public long getDelay(TimeUnit unit) {
                return 0;
            }

            @Override
            public int compareTo(Delayed other) {
                return Long.compare(timestamp, ((Timer) other).timestamp);
            }
        }
    }

    /** Keeps the counters a writer registers so that the test can read them by name. */
    static final class RecordingMetricGroup extends UnregisteredMetricsGroup implements SinkWriterMetricGroup {
        private final Map<String, Counter> counters = new HashMap<>();
        private final SinkWriterMetricGroup ioCounters = UnregisteredMetricsGroup.createSinkWriterMetricGroup();

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            counters.put(name, counter);
            return counter;
        }

        @Override
        public Counter counter(String name) {
            return counter(name, new org.apache.flink.metrics.SimpleCounter());
        }

        long count(String name) {
            return counters.get(name).getCount();
        }

        @Override
        public OperatorIOMetricGroup getIOMetricGroup() {
            return ioCounters.getIOMetricGroup();
        }

        @Override
        public Counter getNumRecordsOutErrorsCounter() {
            return ioCounters.getNumRecordsOutErrorsCounter();
        }

        @Override
        public Counter getNumRecordsSendErrorsCounter() {
            return ioCounters.getNumRecordsSendErrorsCounter();
        }

        @Override
        public Counter getNumRecordsSendCounter() {
            return ioCounters.getNumRecordsSendCounter();
        }

        @Override
        public Counter getNumBytesSendCounter() {
            return ioCounters.getNumBytesSendCounter();
        }

        @Override
        public void setCurrentSendTimeGauge(org.apache.flink.metrics.Gauge<Long> gauge) {}
    }
}
