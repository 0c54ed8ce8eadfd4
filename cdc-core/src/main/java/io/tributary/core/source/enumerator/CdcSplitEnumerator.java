package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import io.tributary.core.metrics.SnapshotProgressMetrics;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.StartupMode;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.event.ChunksAcknowledgedEvent;
import io.tributary.core.source.event.ChunksFinishedEvent;
import io.tributary.core.source.event.EpochEvent;
import io.tributary.core.source.split.CdcSplit;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.KeyBound;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.source.split.StreamSplit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers tables, splits them into chunks in the background, hands chunks to readers, keeps
 * the snapshot epoch open while chunks are read, and hands the stream split to one reader once a
 * checkpoint holds every snapshot row (so the sink sees each key's snapshot row before its
 * changes). All methods run on the coordinator thread; only discovery and splitting run on the
 * coordinator's worker thread through {@code callAsync}.
 */
public final class CdcSplitEnumerator<P extends Comparable<P>, M> implements SplitEnumerator<CdcSplit, EnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(CdcSplitEnumerator.class);
    private static final int CHUNKS_PER_SPLITTING_CALL = 64;

    private final SplitEnumeratorContext<CdcSplit> context;
    private final SourceDialect<P, M> dialect;
    private final StartupMode startupMode;

    private boolean discovered;
    private final Map<TableId, CapturedTable> tables = new LinkedHashMap<>();
    private Optional<EncodedValue> streamStart;
    private final Deque<TableId> tablesToSplit = new ArrayDeque<>();
    private Optional<SplittingCursor> cursor;
    private final Deque<SnapshotSplit> pending = new ArrayDeque<>();
    private final Set<String> assigned = new HashSet<>();
    private final List<FinishedChunk> finished = new ArrayList<>();
    private final Set<String> finishedKeys = new HashSet<>();
    private int lastEpochId;
    private boolean streamAssigned;

    private final TreeMap<Integer, Integer> waitingReaders = new TreeMap<>();
    private final Set<Integer> readersWithoutMoreSplits = new HashSet<>();
    private final Set<String> finishedSinceLastCheckpoint = new HashSet<>();
    private final TreeMap<Long, Set<String>> acknowledgeAfterCheckpoint = new TreeMap<>();
    private SnapshotEpoch<M> epoch;
    private EpochEvent currentEpoch;
    private volatile ChunkSplitter splitter;
    private volatile TableId splitterTable;
    private boolean splittingInFlight;
    private boolean preparing;
    private Long gateCheckpointId;
    private boolean streamReady;
    private boolean snapshotSummaryLogged;
    private final long startedMillis = System.currentTimeMillis();
    private SnapshotProgressMetrics progress;

    public CdcSplitEnumerator(SplitEnumeratorContext<CdcSplit> context, SourceDialect<P, M> dialect, StartupMode startupMode, EnumeratorState state) {
        this.context = requireNonNull(context, "context is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.startupMode = requireNonNull(startupMode, "startupMode is null");
        requireNonNull(state, "state is null");
        this.discovered = state.discovered();
        state.tables().forEach(t -> tables.put(t.tableId(), t));
        this.streamStart = state.streamStart();
        this.tablesToSplit.addAll(state.tablesToSplit());
        this.cursor = state.cursor();
        this.pending.addAll(state.pendingSplits());
        this.assigned.addAll(state.assignedSplits());
        state.finished().forEach(this::recordFinished);
        this.lastEpochId = state.lastEpochId();
        this.streamAssigned = state.streamAssigned();
        this.streamReady = streamAssigned;
    }

    /** Snapshot progress and stream state as {@code tributary_snapshot_*} and {@code tributary_stream_running} gauges. */
    private void registerMetrics() {
        var group = context.metricGroup();
        group.gauge("tributary_snapshot_tables", (org.apache.flink.metrics.Gauge<Integer>) tables::size);
        group.gauge("tributary_snapshot_tables_unsplit", (org.apache.flink.metrics.Gauge<Integer>) () -> tablesToSplit.size() + (cursor.isPresent() ? 1 : 0));
        group.gauge("tributary_snapshot_chunks_finished", (org.apache.flink.metrics.Gauge<Integer>) finished::size);
        group.gauge("tributary_snapshot_chunks_pending", (org.apache.flink.metrics.Gauge<Integer>) () -> pending.size() + assigned.size());
        group.gauge("tributary_snapshot_rows", (org.apache.flink.metrics.Gauge<Long>) () -> finished.stream().mapToLong(FinishedChunk::rows).sum());
        group.gauge("tributary_stream_running", (org.apache.flink.metrics.Gauge<Integer>) () -> streamAssigned ? 1 : 0);
        progress = new SnapshotProgressMetrics(group, this::snapshotComplete);
        progress.restore(tables.values(), pending, assigned, finished);
    }

    @Override
    public void start() {
        registerMetrics();
        if (!discovered) {
            preparing = true;
            context.callAsync(this::discoverAndPrepare, this::onPrepared);
        } else {
            LOG.info("Resuming {} source: {} tables, {} chunks finished, {} pending, {} in progress, stream {}",
                    dialect.name(), tables.size(), finished.size(), pending.size(), assigned.size(),
                    streamAssigned ? "running" : "not started");
            afterStateChange();
        }
    }

    private Prepared discoverAndPrepare() {
        List<CapturedTable> discoveredTables = dialect.discoverTables();
        Optional<EncodedValue> start = Optional.empty();
        if (startupMode.streams()) {
            start = Optional.of(EncodedValue.encode(dialect.positionSerializer(), dialect.prepareStream()));
        }
        return new Prepared(discoveredTables, start);
    }

    private record Prepared(List<CapturedTable> tables, Optional<EncodedValue> streamStart) {}

    private void onPrepared(Prepared prepared, Throwable error) {
        preparing = false;
        if (error != null) {
            throw new IllegalStateException("Preparing the " + dialect.name() + " source failed: " + error.getMessage(), error);
        }
        discovered = true;
        prepared.tables().forEach(t -> tables.put(t.tableId(), t));
        prepared.tables().forEach(progress::captured);
        streamStart = prepared.streamStart();
        if (startupMode.snapshots()) {
            prepared.tables().forEach(t -> tablesToSplit.add(t.tableId()));
        }
        long rows = prepared.tables().stream().mapToLong(CapturedTable::estimatedRows).sum();
        LOG.info("Capturing {} tables (about {} rows) with startup mode {}", tables.size(), rows, startupMode.optionValue());
        afterStateChange();
    }

    private void afterStateChange() {
        if (!discovered) {
            return;
        }
        if (startupMode.snapshots() && !snapshotComplete() && epoch == null) {
            openEpoch();
        }
        splitMore();
        assignToWaitingReaders();
        if (snapshotComplete()) {
            onSnapshotComplete();
        }
    }

    private void openEpoch() {
        epoch = dialect.openSnapshotEpoch();
        lastEpochId++;
        currentEpoch = new EpochEvent(lastEpochId, epoch.handle(), EncodedValue.encode(dialect.markerSerializer(), epoch.marker()));
        LOG.info("Opened snapshot epoch {}", lastEpochId);
        for (Integer reader : activeReaders()) {
            context.sendEventToSourceReader(reader, currentEpoch);
        }
    }

    private void splitMore() {
        int wanted = Math.max(4, 2 * context.currentParallelism());
        if (splittingInFlight || pending.size() >= wanted) {
            return;
        }
        if (cursor.isEmpty()) {
            if (tablesToSplit.isEmpty()) {
                return;
            }
            cursor = Optional.of(SplittingCursor.start(tablesToSplit.poll()));
        }
        SplittingCursor from = cursor.get();
        splittingInFlight = true;
        context.callAsync(() -> splitBatch(from), this::onSplitBatch);
    }

    private record SplitBatch(SplittingCursor from, List<ChunkRange> ranges, boolean tableDone) {}

    private SplitBatch splitBatch(SplittingCursor from) {
        if (splitter == null || !from.tableId().equals(splitterTable)) {
            closeSplitter();
            splitter = dialect.createChunkSplitter(tables.get(from.tableId()), from.lastUpperBound());
            splitterTable = from.tableId();
        }
        List<ChunkRange> ranges = new ArrayList<>();
        boolean done = false;
        while (ranges.size() < CHUNKS_PER_SPLITTING_CALL) {
            Optional<ChunkRange> next = splitter.next();
            if (next.isEmpty()) {
                done = true;
                closeSplitter();
                break;
            }
            ranges.add(next.get());
        }
        return new SplitBatch(from, ranges, done);
    }

    private void onSplitBatch(SplitBatch batch, Throwable error) {
        splittingInFlight = false;
        if (error != null) {
            throw new IllegalStateException("Splitting table " + batch + " failed: " + error.getMessage(), error);
        }
        SplittingCursor from = batch.from();
        CapturedTable table = tables.get(from.tableId());
        int index = from.nextChunkIndex();
        Optional<Object[]> upper = from.lastUpperBound();
        for (ChunkRange range : batch.ranges()) {
            SnapshotSplit split = SnapshotSplit.fresh(table, index++, range);
            pending.add(split);
            progress.chunkMade(split);
            upper = range.upper().map(KeyBound::key);
        }
        if (batch.tableDone()) {
            cursor = Optional.empty();
            LOG.info("Split table {} into {} chunks", from.tableId(), index);
        } else {
            cursor = Optional.of(new SplittingCursor(from.tableId(), upper, index));
        }
        afterStateChange();
    }

    /** Serves one outstanding request per reader per pass, so chunks spread over the readers. */
    private void assignToWaitingReaders() {
        boolean assignedAny = true;
        while (assignedAny && !waitingReaders.isEmpty()) {
            assignedAny = false;
            for (Integer reader : new ArrayList<>(waitingReaders.keySet())) {
                if (!context.registeredReaders().containsKey(reader)) {
                    continue;
                }
                if (!pending.isEmpty() && currentEpoch != null) {
                    SnapshotSplit split = pending.poll();
                    assigned.add(split.splitId());
                    context.assignSplit(split, reader);
                    served(reader);
                    assignedAny = true;
                } else if (streamReady && !streamAssigned) {
                    assignStream(reader);
                    waitingReaders.remove(reader);
                } else if (!startupMode.streams() && snapshotComplete()) {
                    context.signalNoMoreSplits(reader);
                    readersWithoutMoreSplits.add(reader);
                    waitingReaders.remove(reader);
                }
            }
        }
    }

    private void served(int reader) {
        waitingReaders.computeIfPresent(reader, (r, count) -> count > 1 ? count - 1 : null);
    }

    /** Registered readers that may still receive events (a finished reader must not). */
    private List<Integer> activeReaders() {
        List<Integer> readers = new ArrayList<>(context.registeredReaders().keySet());
        readers.removeAll(readersWithoutMoreSplits);
        return readers;
    }

    private void assignStream(int reader) {
        Map<TableId, TableSchema> schemas = new LinkedHashMap<>();
        Map<TableId, ChunkKey> chunkKeys = new LinkedHashMap<>();
        tables.values().forEach(t -> schemas.put(t.tableId(), t.schema()));
        tables.values().forEach(t -> chunkKeys.put(t.tableId(), t.chunkKey()));
        StreamSplit split = new StreamSplit(streamStart.orElseThrow(), schemas, chunkKeys, finished);
        context.assignSplit(split, reader);
        streamAssigned = true;
        LOG.info("Streaming changes from the log on reader {}", reader);
    }

    private boolean snapshotComplete() {
        return discovered
                && !preparing
                && tablesToSplit.isEmpty()
                && cursor.isEmpty()
                && !splittingInFlight
                && pending.isEmpty()
                && assigned.isEmpty();
    }

    private void onSnapshotComplete() {
        if (epoch != null) {
            epoch.close();
            epoch = null;
        }
        if (!startupMode.snapshots() && !streamReady) {
            streamReady = true;
            assignStreamIfNobodyWaits();
        }
        if (!snapshotSummaryLogged && startupMode.snapshots() && !streamAssigned) {
            snapshotSummaryLogged = true;
            long rows = finished.stream().mapToLong(FinishedChunk::rows).sum();
            double seconds = Math.max(0.001, (System.currentTimeMillis() - startedMillis) / 1000.0);
            LOG.info("Snapshot finished: {} tables, {} chunks, {} rows in {} s ({} rows/s)",
                    tables.size(), finished.size(), rows, String.format("%.1f", seconds), Math.round(rows / seconds));
        }
    }

    private void assignStreamIfNobodyWaits() {
        if (streamAssigned) {
            return;
        }
        if (waitingReaders.isEmpty() && !context.registeredReaders().isEmpty()) {
            assignStream(new TreeSet<>(context.registeredReaders().keySet()).first());
        } else {
            assignToWaitingReaders();
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        waitingReaders.merge(subtaskId, 1, Integer::sum);
        afterStateChange();
    }

    @Override
    public void addSplitsBack(List<CdcSplit> splits, int subtaskId) {
        for (CdcSplit split : splits) {
            if (split instanceof SnapshotSplit snapshot) {
                assigned.remove(snapshot.splitId());
                pending.addFirst(snapshot);
            } else if (split instanceof StreamSplit) {
                streamAssigned = false;
            }
        }
        LOG.info("Reader {} failed; {} splits returned for reassignment", subtaskId, splits.size());
    }

    @Override
    public void addReader(int subtaskId) {
        readersWithoutMoreSplits.remove(subtaskId);
        if (currentEpoch != null) {
            context.sendEventToSourceReader(subtaskId, currentEpoch);
        }
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
        if (sourceEvent instanceof ChunksFinishedEvent event) {
            for (FinishedChunk chunk : event.chunks()) {
                recordFinished(chunk);
                assigned.remove(chunk.splitId());
                finishedSinceLastCheckpoint.add(chunk.splitId());
            }
            afterStateChange();
        } else {
            LOG.warn("Ignoring unexpected event {} from reader {}", sourceEvent, subtaskId);
        }
    }

    private void recordFinished(FinishedChunk chunk) {
        if (finishedKeys.add(chunk.splitId() + "|" + chunk.range())) {
            finished.add(chunk);
            if (progress != null) {
                progress.chunkFinished(chunk);
            }
        }
    }

    @Override
    public EnumeratorState snapshotState(long checkpointId) {
        acknowledgeAfterCheckpoint.put(checkpointId, new HashSet<>(finishedSinceLastCheckpoint));
        finishedSinceLastCheckpoint.clear();
        if (startupMode.streams() && startupMode.snapshots() && snapshotComplete() && !streamReady && gateCheckpointId == null) {
            gateCheckpointId = checkpointId;
        }
        return new EnumeratorState(discovered, new ArrayList<>(tables.values()), streamStart, new ArrayList<>(tablesToSplit), cursor,
                new ArrayList<>(pending), assigned, finished, lastEpochId, streamAssigned);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Set<String> acknowledged = new HashSet<>();
        var completed = acknowledgeAfterCheckpoint.headMap(checkpointId, true);
        completed.values().forEach(acknowledged::addAll);
        completed.clear();
        if (!acknowledged.isEmpty()) {
            for (Integer reader : activeReaders()) {
                context.sendEventToSourceReader(reader, new ChunksAcknowledgedEvent(acknowledged));
            }
        }
        if (gateCheckpointId != null && checkpointId >= gateCheckpointId && !streamReady) {
            streamReady = true;
            LOG.info("Checkpoint {} holds every snapshot row; starting the stream", checkpointId);
            assignStreamIfNobodyWaits();
        }
    }

    @Override
    public void close() {
        if (epoch != null) {
            epoch.close();
            epoch = null;
        }
        closeSplitter();
    }

    private void closeSplitter() {
        ChunkSplitter current = splitter;
        splitter = null;
        splitterTable = null;
        if (current != null) {
            current.close();
        }
    }
}
