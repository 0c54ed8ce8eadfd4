package io.tributary.core.sink.blackhole;

import static java.util.Objects.requireNonNull;

import io.tributary.core.metrics.SinkMetrics;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChangeEvent;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the events of one subtask by kind in Flink counters, logs the counts and the rate since
 * the previous line on processing-time timers, and logs a summary at the end of input.
 */
final class BlackholeSinkWriter implements SinkWriter<Event> {
    static final String RECORDS_READ = "tributaryBlackholeRecordsRead";
    static final String RECORDS_INSERTED = "tributaryBlackholeRecordsInserted";
    static final String RECORDS_UPDATED = "tributaryBlackholeRecordsUpdated";
    static final String RECORDS_DELETED = "tributaryBlackholeRecordsDeleted";
    static final String SCHEMA_CHANGES = "tributaryBlackholeSchemaChanges";

    private static final Logger LOG = LoggerFactory.getLogger(BlackholeSinkWriter.class);

    private final String writerName;
    private final long intervalMillis;
    private final ProcessingTimeService timeService;
    private final Counter reads;
    private final Counter inserts;
    private final Counter updates;
    private final Counter deletes;
    private final Counter schemaChanges;
    private final SinkMetrics sinkMetrics;
    private final long startedAt;
    private long lastLineAt;
    private long lastLineTotal;
    private ScheduledFuture<?> nextLine;

    BlackholeSinkWriter(WriterInitContext context, String pipelineName, Duration logInterval) {
        requireNonNull(context, "context is null");
        requireNonNull(pipelineName, "pipelineName is null");
        TaskInfo task = context.getTaskInfo();
        this.writerName = "[" + pipelineName + "] blackhole " + (task.getIndexOfThisSubtask() + 1) + "/" + task.getNumberOfParallelSubtasks();
        this.intervalMillis = requireNonNull(logInterval, "logInterval is null").toMillis();
        this.timeService = context.getProcessingTimeService();
        MetricGroup metrics = context.metricGroup();
        this.reads = metrics.counter(RECORDS_READ);
        this.inserts = metrics.counter(RECORDS_INSERTED);
        this.updates = metrics.counter(RECORDS_UPDATED);
        this.deletes = metrics.counter(RECORDS_DELETED);
        this.schemaChanges = metrics.counter(SCHEMA_CHANGES);
        this.sinkMetrics = new SinkMetrics(metrics);
        this.startedAt = timeService.getCurrentProcessingTime();
        this.lastLineAt = startedAt;
        scheduleNextLine(startedAt);
    }

    @Override
    public void write(Event event, Context context) {
        if (event instanceof SchemaChangeEvent) {
            schemaChanges.inc();
        } else if (event instanceof DataChangeEvent change) {
            sinkMetrics.accepted(change);
            switch (change.operation()) {
                case READ -> {
                    reads.inc();
                    BlackholeTotals.countRead();
                }
                case INSERT -> {
                    inserts.inc();
                    BlackholeTotals.countInsert();
                }
                case UPDATE -> {
                    updates.inc();
                    BlackholeTotals.countUpdate();
                }
                case DELETE -> {
                    deletes.inc();
                    BlackholeTotals.countDelete();
                }
            }
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        // Discarding is committing: what came before the barrier is done.
        sinkMetrics.committed();
        if (endOfInput) {
            long now = timeService.getCurrentProcessingTime();
            LOG.info("{} end of input: {}; {} events/s on average over {}", writerName, counts(), rate(total(), now - startedAt),
                    seconds(now - startedAt));
        }
    }

    @Override
    public void close() {
        if (nextLine != null) {
            nextLine.cancel(false);
        }
    }

    private void scheduleNextLine(long from) {
        nextLine = timeService.registerTimer(from + intervalMillis, this::logProgress);
    }

    private void logProgress(long timestamp) {
        long now = timeService.getCurrentProcessingTime();
        long total = total();
        LOG.info("{}: {}; {} events/s over the last {}", writerName, counts(), rate(total - lastLineTotal, now - lastLineAt),
                seconds(now - lastLineAt));
        lastLineAt = now;
        lastLineTotal = total;
        scheduleNextLine(timestamp);
    }

    private long total() {
        return reads.getCount() + inserts.getCount() + updates.getCount() + deletes.getCount() + schemaChanges.getCount();
    }

    private String counts() {
        return String.format(Locale.ROOT, "%,d events (snapshot reads %,d, inserts %,d, updates %,d, deletes %,d, schema changes %,d)",
                total(), reads.getCount(), inserts.getCount(), updates.getCount(), deletes.getCount(), schemaChanges.getCount());
    }

    private static String rate(long events, long millis) {
        return String.format(Locale.ROOT, "%,.0f", millis <= 0 ? 0.0 : events * 1000.0 / millis);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
