package io.tributary.core.metrics;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.SnapshotSplit;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Per-table snapshot progress as gauges labelled {@code table}: chunks made so far
 * ({@code tributary_snapshot_table_chunks}), chunks finished, rows read and the row estimate of
 * discovery; and for the pipeline the estimated time left ({@code tributary_snapshot_remaining_seconds}):
 * rows still to read, by the estimates, at the rate of this run so far.
 *
 * <p>The enumerator reports to it from its coordinator thread; the gauges are read from the
 * metric reporter's thread, so the counts are concurrent.
 */
public final class SnapshotProgressMetrics {
    private final MetricGroup group;
    private final BooleanSupplier snapshotComplete;
    private final LongSupplier clock;
    private final Map<TableId, TableProgress> tables = new ConcurrentHashMap<>();
    private final Map<String, TableId> tablesByIdentifier = new ConcurrentHashMap<>();
    private volatile long startedMillis;
    private volatile long rowsAtStart;

    /**
     * One table's progress, as counts: chunk ids of a million chunks would cost the coordinator
     * hundreds of megabytes. The enumerator reports each chunk made once and each finished chunk
     * once (a report sent again is recognised before it gets here).
     */
    private static final class TableProgress {
        final long estimatedRows;
        final AtomicLong chunks = new AtomicLong();
        final AtomicLong finishedChunks = new AtomicLong();
        final AtomicLong rows = new AtomicLong();

        TableProgress(long estimatedRows) {
            this.estimatedRows = Math.max(0, estimatedRows);
        }
    }

    public SnapshotProgressMetrics(MetricGroup group, BooleanSupplier snapshotComplete) {
        this(group, snapshotComplete, System::currentTimeMillis);
    }

    SnapshotProgressMetrics(MetricGroup group, BooleanSupplier snapshotComplete, LongSupplier clock) {
        this.group = requireNonNull(group, "group is null");
        this.snapshotComplete = requireNonNull(snapshotComplete, "snapshotComplete is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.startedMillis = clock.getAsLong();
        group.gauge("tributary_snapshot_remaining_seconds", (Gauge<Double>) this::remainingSeconds);
    }

    /** Takes over the progress a restored checkpoint holds; the rate of this run starts now. */
    public void restore(Collection<CapturedTable> captured, Collection<SnapshotSplit> pending, Collection<String> assignedSplitIds,
            Collection<FinishedRange> finished) {
        captured.forEach(this::captured);
        pending.forEach(this::chunkMade);
        for (String splitId : assignedSplitIds) {
            int hash = splitId.lastIndexOf('#');
            TableId table = hash < 0 ? null : tablesByIdentifier.get(splitId.substring(0, hash));
            if (table != null) {
                tables.get(table).chunks.incrementAndGet();
            }
        }
        for (FinishedRange range : finished) {
            TableProgress progress = tables.get(range.tableId());
            if (progress != null) {
                progress.chunks.addAndGet(range.chunks());
                progress.finishedChunks.addAndGet(range.chunks());
                progress.rows.addAndGet(range.rows());
            }
        }
        rowsAtStart = rowsRead();
        startedMillis = clock.getAsLong();
    }

    /** A table the source captures, with the row estimate of discovery. */
    public void captured(CapturedTable table) {
        tablesByIdentifier.put(table.tableId().identifier(), table.tableId());
        tables.computeIfAbsent(table.tableId(), id -> {
            TableProgress progress = new TableProgress(table.estimatedRows());
            MetricGroup tableGroup = group.addGroup("table", id.identifier());
            tableGroup.gauge("tributary_snapshot_table_chunks", (Gauge<Long>) progress.chunks::get);
            tableGroup.gauge("tributary_snapshot_table_chunks_finished", (Gauge<Long>) progress.finishedChunks::get);
            tableGroup.gauge("tributary_snapshot_table_rows", (Gauge<Long>) progress.rows::get);
            tableGroup.gauge("tributary_snapshot_table_rows_estimated", (Gauge<Long>) () -> progress.estimatedRows);
            return progress;
        });
    }

    /** A chunk the splitter made. */
    public void chunkMade(SnapshotSplit split) {
        TableProgress progress = tables.get(split.tableId());
        if (progress != null) {
            progress.chunks.incrementAndGet();
        }
    }

    /** A chunk (or, across a restart, a part of one: only the last part counts as a chunk) whose rows were all emitted. */
    public void chunkFinished(FinishedChunk chunk) {
        TableProgress progress = tables.get(chunk.tableId());
        if (progress != null) {
            progress.finishedChunks.addAndGet(FinishedRange.of(chunk).chunks());
            progress.rows.addAndGet(chunk.rows());
        }
    }

    /** Whether every chunk made of {@code table} is finished (true for a table not captured). */
    public boolean tableRead(TableId table) {
        TableProgress progress = tables.get(table);
        return progress == null || progress.finishedChunks.get() >= progress.chunks.get();
    }

    private long rowsRead() {
        return tables.values().stream().mapToLong(t -> t.rows.get()).sum();
    }

    /** Seconds left by the row estimates at this run's rate; 0 once done, NaN before a rate is known. */
    double remainingSeconds() {
        if (snapshotComplete.getAsBoolean()) {
            return 0.0;
        }
        long read = rowsRead();
        long remaining = tables.values().stream().mapToLong(t -> Math.max(0, t.estimatedRows - t.rows.get())).sum();
        long elapsedMillis = clock.getAsLong() - startedMillis;
        long readThisRun = read - rowsAtStart;
        if (readThisRun <= 0 || elapsedMillis <= 0) {
            return Double.NaN;
        }
        return remaining / (readThisRun * 1000.0 / elapsedMillis);
    }
}
