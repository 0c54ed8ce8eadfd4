package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import io.tributary.core.metrics.SnapshotProgressMetrics;
import io.tributary.core.model.TableId;
import io.tributary.core.source.StartupMode;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.event.EpochEvent;
import io.tributary.core.source.split.CdcSplit;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.FinishedRanges;
import io.tributary.core.source.split.SnapshotSplit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot's side of the enumerator: the captured tables, their chunks (made in the
 * background, pending, assigned, finished), the snapshot epoch chunks are read under, and the
 * progress metrics. A chunk is handed out only while an epoch is announced. Runs on the
 * coordinator thread.
 */
final class SnapshotAssigner<M> {
    /** Logs under the enumerator's name, as users have always seen these lines. */
    private static final Logger LOG = LoggerFactory.getLogger(CdcSplitEnumerator.class);

    private final SplitEnumeratorContext<CdcSplit> context;
    private final StartupMode startupMode;
    private final BackgroundSplitting splitting;
    private final SnapshotEpochs<M> epochs;

    private boolean discovered;
    private final Map<TableId, CapturedTable> tables = new LinkedHashMap<>();
    private final Deque<SnapshotSplit> pending = new ArrayDeque<>();
    private final Set<String> assigned = new HashSet<>();
    /** The finished part of the snapshot, folded into key ranges so that it grows with tables and epochs, not chunks. */
    private final FinishedRanges finished;
    /** Written on the coordinator thread, read by the metric reporter's. */
    private volatile long finishedChunkCount;
    private volatile long finishedRows;
    private final long startedMillis = System.currentTimeMillis();
    private boolean summaryLogged;
    /** Whether chunks were still to be read in this run (a run restored after the snapshot logs no summary of it). */
    private boolean readInThisRun;
    private SnapshotProgressMetrics progress;

    /**
     * @param announceEpoch tells the readers about a newly opened epoch
     * @param stateChanged runs after background work changed the state (chunks made, an epoch
     *     opened), so that waiting readers are served
     */
    SnapshotAssigner(SplitEnumeratorContext<CdcSplit> context, SourceDialect<?, M> dialect, StartupMode startupMode, EnumeratorState state,
            Consumer<EpochEvent> announceEpoch, Runnable stateChanged) {
        this.context = requireNonNull(context, "context is null");
        this.startupMode = requireNonNull(startupMode, "startupMode is null");
        requireNonNull(state, "state is null");
        this.discovered = state.discovered();
        state.tables().forEach(t -> tables.put(t.tableId(), t));
        this.finished = new FinishedRanges(table -> keyOrder(dialect, table));
        this.splitting = new BackgroundSplitting(context, dialect, state.tablesToSplit(), state.cursor(), tables::get, this::chunkMade, stateChanged);
        this.epochs = new SnapshotEpochs<>(context, dialect, state.lastEpochId(), epoch -> {
            announceEpoch.accept(epoch);
            stateChanged.run();
        });
        this.pending.addAll(state.pendingSplits());
        this.assigned.addAll(state.assignedSplits());
        state.finished().forEach(this::recordFinished);
    }

    private ChunkKeyOrder keyOrder(SourceDialect<?, M> dialect, TableId tableId) {
        CapturedTable table = tables.get(tableId);
        return table == null ? ChunkKeyOrder.natural() : dialect.chunkKeyOrder(table.schema(), table.chunkKey());
    }

    /** Snapshot progress as {@code tributary_snapshot_*} gauges. */
    void registerMetrics() {
        var group = context.metricGroup();
        group.gauge("tributary_snapshot_tables", (Gauge<Integer>) tables::size);
        group.gauge("tributary_snapshot_tables_unsplit", (Gauge<Integer>) splitting::tablesUnsplit);
        group.gauge("tributary_snapshot_chunks_finished", (Gauge<Long>) () -> finishedChunkCount);
        group.gauge("tributary_snapshot_chunks_pending", (Gauge<Integer>) () -> pending.size() + assigned.size());
        group.gauge("tributary_snapshot_rows", (Gauge<Long>) this::rows);
        progress = new SnapshotProgressMetrics(group, this::isComplete);
        progress.restore(tables.values(), pending, assigned, finished.list());
    }

    boolean discovered() {
        return discovered;
    }

    /** Records the captured tables; in a mode that snapshots, queues them for splitting. */
    void tablesDiscovered(List<CapturedTable> discoveredTables) {
        discovered = true;
        discoveredTables.forEach(t -> tables.put(t.tableId(), t));
        discoveredTables.forEach(progress::captured);
        if (startupMode.snapshots()) {
            discoveredTables.forEach(t -> splitting.add(t.tableId()));
        }
        long rows = discoveredTables.stream().mapToLong(CapturedTable::estimatedRows).sum();
        LOG.info("Capturing {} tables (about {} rows) with startup mode {}", tables.size(), rows, startupMode.optionValue());
    }

    /**
     * Tables that match the pipeline's {@code tables} now and were not captured before a restart
     * join: in a mode that snapshots, they are queued for splitting and read like the others.
     */
    void tablesJoined(List<CapturedTable> joining) {
        joining.forEach(t -> tables.put(t.tableId(), t));
        joining.forEach(progress::captured);
        if (startupMode.snapshots()) {
            joining.forEach(t -> splitting.add(t.tableId()));
        }
    }

    /**
     * Tables that no longer match {@code tables} (or no longer exist, or are read again from
     * scratch) leave: none of their chunks is handed out any more, and their finished ranges go, so
     * that a table that comes back is decided by its new chunks alone.
     */
    void tablesLeft(Set<TableId> leaving) {
        tables.keySet().removeAll(leaving);
        pending.removeIf(split -> leaving.contains(split.tableId()));
        splitting.removeWaiting(leaving);
        finished.removeTables(leaving);
    }

    /** Opens an epoch while chunks remain to be read, and splits more when few chunks are pending; both in the background. */
    void advance() {
        if (startupMode.snapshots() && !isComplete()) {
            readInThisRun = true;
            epochs.open();
        }
        splitting.splitMore(pending.size());
    }

    /** The next chunk to read, once an epoch is announced; it counts as assigned from now on. */
    Optional<SnapshotSplit> nextChunk() {
        if (pending.isEmpty() || epochs.current().isEmpty()) {
            return Optional.empty();
        }
        SnapshotSplit split = pending.poll();
        assigned.add(split.splitId());
        return Optional.of(split);
    }

    void chunkFinished(FinishedChunk chunk) {
        FinishedRange range = FinishedRange.of(chunk);
        if (finished.add(range)) {
            count(range);
            if (progress != null) {
                progress.chunkFinished(chunk);
            }
        }
        assigned.remove(chunk.splitId());
    }

    /** A chunk of a failed reader goes to the front of the queue. */
    void chunkReturned(SnapshotSplit split) {
        assigned.remove(split.splitId());
        pending.addFirst(split);
    }

    /** Whether the table is split and its every chunk read (true for a table not captured). */
    boolean tableRead(TableId table) {
        return !splitting.waitingOrSplitting(table) && (progress == null || progress.tableRead(table));
    }

    /** Whether every captured table is split and every chunk read. */
    boolean isComplete() {
        return discovered && splitting.isDone() && pending.isEmpty() && assigned.isEmpty();
    }

    /**
     * Releases the epoch once the snapshot is complete, and logs the summary once if {@code logSummary}.
     *
     * @return whether the summary was logged just now
     */
    boolean completed(boolean logSummary) {
        epochs.release();
        if (logSummary && readInThisRun && !summaryLogged) {
            summaryLogged = true;
            long rows = rows();
            double seconds = Math.max(0.001, (System.currentTimeMillis() - startedMillis) / 1000.0);
            LOG.info("Snapshot finished: {} tables, {} chunks, {} rows in {} s ({} rows/s)",
                    tables.size(), finishedChunkCount, rows, String.format("%.1f", seconds), Math.round(rows / seconds));
            return true;
        }
        return false;
    }

    Optional<EpochEvent> currentEpoch() {
        return epochs.current();
    }

    Collection<CapturedTable> tables() {
        return tables.values();
    }

    List<FinishedRange> finishedRanges() {
        return finished.list();
    }

    void logResumed(String sourceName, boolean streamRunning) {
        LOG.info("Resuming {} source: {} tables, {} chunks finished, {} pending, {} in progress, stream {}",
                sourceName, tables.size(), finishedChunkCount, pending.size(), assigned.size(), streamRunning ? "running" : "not started");
    }

    /** Sets the snapshot's components of the enumerator's checkpoint. */
    void writeTo(EnumeratorState.Builder state) {
        state.discovered(discovered)
                .tables(new ArrayList<>(tables.values()))
                .tablesToSplit(splitting.tablesToSplit())
                .cursor(splitting.cursor())
                .pendingSplits(new ArrayList<>(pending))
                .assignedSplits(assigned)
                .finished(finished.list())
                .lastEpochId(epochs.lastEpochId());
    }

    void close() {
        epochs.close();
        splitting.close();
    }

    private void chunkMade(SnapshotSplit split) {
        if (!tables.containsKey(split.tableId())) {
            return; // the table left the pipeline while it was being split
        }
        pending.add(split);
        progress.chunkMade(split);
    }

    /** A finished range of the restored state. */
    private void recordFinished(FinishedRange range) {
        if (finished.add(range)) {
            count(range);
        }
    }

    private void count(FinishedRange range) {
        finishedChunkCount += range.chunks();
        finishedRows += range.rows();
    }

    private long rows() {
        return finishedRows;
    }
}
