package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.FatalFailures;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.ResnapshotRequest;
import io.tributary.core.source.ResnapshotRequests;
import io.tributary.core.source.StartupMode;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.event.ChunksAcknowledgedEvent;
import io.tributary.core.source.event.ChunksFinishedEvent;
import io.tributary.core.source.event.EpochEvent;
import io.tributary.core.source.event.ReadAgainEvent;
import io.tributary.core.source.event.StreamReleaseEvent;
import io.tributary.core.source.event.StreamRestoredEvent;
import io.tributary.core.source.split.CdcSplit;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.source.split.StreamSplit;
import io.tributary.core.spi.SinkRecovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
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
 * Coordinates the source: discovers the tables and prepares the stream, then serves the readers'
 * split requests with snapshot chunks from the {@link SnapshotAssigner} and, once the
 * {@link StreamGate} opens, with the stream split; a bounded mode tells readers when nothing is
 * left.
 *
 * <p>When the snapshot may stream as it goes ({@link #streamsDuringSnapshot}), the stream split is
 * handed out first and every chunk goes to the reader that holds it, which reads each chunk between
 * its reads of the log: changes flow from the start, and a table's changes are current as soon as
 * its last chunk is read. All methods run on the coordinator thread; database calls run on the coordinator's worker
 * thread through {@code callAsync}.
 */
public final class CdcSplitEnumerator<P extends Comparable<P>, M> implements SplitEnumerator<CdcSplit, EnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(CdcSplitEnumerator.class);
    private static final long REQUEST_POLL_MILLIS = 1000;

    private final SplitEnumeratorContext<CdcSplit> context;
    private final SourceDialect<P, M> dialect;
    private final StartupMode startupMode;
    private final SinkRecovery sinkRecovery;
    /** Whether the stream runs while the snapshot is read, by the same reader; decided once the tables are known. */
    private boolean streamsDuringSnapshot;
    private boolean streamDecisionMade;
    private final SnapshotAssigner<M> snapshot;
    private final StreamGate stream;
    private final ChunkAcknowledgements acknowledgements = new ChunkAcknowledgements();
    /** Outstanding split requests per reader, served in reader order. */
    private final TreeMap<Integer, Integer> waitingReaders = new TreeMap<>();
    private final Set<Integer> readersWithoutMoreSplits = new HashSet<>();
    /**
     * False from a restart until the tables captured before are reconciled with those the file's
     * {@code tables} matches now; the snapshot and the stream wait for it.
     */
    private boolean tablesReconciled;
    private final String tableSelection;
    private Optional<List<CapturedTable>> rediscovered = Optional.empty();
    /** Tables that left the pipeline at the restart. */
    private Set<TableId> leftTables = Set.of();
    /** Readers whose stream split was restored, with the tables each streams; each waits for its release. */
    private final TreeMap<Integer, Set<TableId>> restoredStreams = new TreeMap<>();
    /** The state directory re-snapshot requests are written to ({@link ResnapshotRequests}); empty when none are taken. */
    private final Optional<Path> requestsDirectory;
    /** The number of the last re-snapshot request handed to the stream's reader. */
    private long resnapshotId;
    private boolean requestInFlight;
    private String lastRequestProblem = "";
    private boolean requestWaitLogged;
    /** The reader holding the stream split, once known. */
    private Integer streamOwner;

    /** An enumerator for a sink that rolls back, which gates the stream on the whole snapshot. */
    public CdcSplitEnumerator(SplitEnumeratorContext<CdcSplit> context, SourceDialect<P, M> dialect, StartupMode startupMode, EnumeratorState state) {
        this(context, dialect, startupMode, SinkRecovery.ROLLS_BACK, state, Optional.empty());
    }

    /**
     * @param sinkRecovery how the sink recovers: one where replays converge lets the stream run during the snapshot
     * @param requestsDirectory where re-snapshot requests appear ({@link ResnapshotRequests}); the
     *     enumerator looks every second and hands a new one to the stream's reader
     */
    public CdcSplitEnumerator(SplitEnumeratorContext<CdcSplit> context, SourceDialect<P, M> dialect, StartupMode startupMode, SinkRecovery sinkRecovery,
            EnumeratorState state, Optional<Path> requestsDirectory) {
        this.context = requireNonNull(context, "context is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.startupMode = requireNonNull(startupMode, "startupMode is null");
        this.sinkRecovery = requireNonNull(sinkRecovery, "sinkRecovery is null");
        requireNonNull(state, "state is null");
        this.snapshot = new SnapshotAssigner<>(context, dialect, startupMode, state, this::announceEpoch, this::afterStateChange);
        this.stream = new StreamGate(context, startupMode, state.streamStart(), state.streamAssigned());
        this.resnapshotId = state.resnapshotId();
        this.requestsDirectory = requireNonNull(requestsDirectory, "requestsDirectory is null");
        // A restart looks for tables that joined or left only when the options selecting them changed.
        this.tablesReconciled = !state.discovered() || !selectionChanged(state.tableSelection(), dialect.tableSelection());
        this.tableSelection = dialect.tableSelection();
    }

    private static boolean selectionChanged(Optional<String> before, String now) {
        return before.isPresent() && !now.isEmpty() && !before.get().equals(now);
    }

    @Override
    public void start() {
        snapshot.registerMetrics();
        stream.registerMetrics();
        requestsDirectory.ifPresent(directory -> context.callAsync(() -> ResnapshotRequests.read(directory), this::onRequestPolled,
                REQUEST_POLL_MILLIS, REQUEST_POLL_MILLIS));
        if (!snapshot.discovered()) {
            context.callAsync(this::discoverAndPrepare, this::onPrepared);
        } else {
            snapshot.logResumed(dialect.name(), stream.streamAssigned());
            decideStreamDuringSnapshot();
            stream.registerTableMetrics(snapshot.tables().stream().map(CapturedTable::tableId).toList());
            if (tablesReconciled) {
                afterStateChange();
            } else {
                LOG.info("The tables selected changed since the last run ({}); finding the tables that joined or left", tableSelection);
                Set<TableId> known = tableIds(snapshot.tables());
                context.callAsync(() -> rediscover(known), this::onRediscovered);
            }
        }
    }

    /**
     * The tables the file's {@code tables} matches now; those new to this pipeline are made
     * visible to the change stream (e.g. added to the publication) before any of them is read.
     */
    private List<CapturedTable> rediscover(Set<TableId> known) {
        List<CapturedTable> tables = dialect.discoverTables();
        List<TableId> unknown = tables.stream().map(CapturedTable::tableId).filter(id -> !known.contains(id)).toList();
        if (startupMode.streams() && !unknown.isEmpty()) {
            dialect.addToStream(unknown);
        }
        return tables;
    }

    private void onRediscovered(List<CapturedTable> tables, Throwable error) {
        if (error != null) {
            throw FatalFailures.suppressRestartsIfFatal(
                    new IllegalStateException("Finding the tables of the " + dialect.name() + " source failed: " + error.getMessage(), error));
        }
        rediscovered = Optional.of(tables);
        reconcileTables();
    }

    /**
     * After a restart: tables that match {@code tables} now and were captured by neither the
     * snapshot nor the stream join the pipeline (snapshotted in a mode that snapshots); tables
     * that no longer match leave it. Waits for the reader of a restored stream to say which
     * tables it streams (it may have taken in tables created while it ran).
     */
    private void reconcileTables() {
        if (tablesReconciled || rediscovered.isEmpty() || (stream.streamAssigned() && restoredStreams.isEmpty())) {
            return;
        }
        tablesReconciled = true;
        Set<TableId> captured = tableIds(snapshot.tables());
        restoredStreams.values().forEach(captured::addAll);
        Set<TableId> matching = tableIds(rediscovered.get());
        List<CapturedTable> joining = rediscovered.get().stream().filter(t -> !captured.contains(t.tableId())).toList();
        Set<TableId> leaving = new TreeSet<>(captured);
        leaving.removeAll(matching);
        leftTables = Set.copyOf(leaving);
        if (!leaving.isEmpty()) {
            LOG.info("No longer captured, as they no longer match the pipeline's tables: {}", leaving);
            snapshot.tablesLeft(leaving);
        }
        if (!joining.isEmpty()) {
            LOG.info("Joined the pipeline since it last ran{}: {}",
                    startupMode.snapshots() ? ", and snapshotted now (the tables captured before are not read again)" : "", tableIds(joining));
            snapshot.tablesJoined(joining);
            decideStreamDuringSnapshot();
            stream.registerTableMetrics(joining.stream().map(CapturedTable::tableId).toList());
            if (stream.streamAssigned() && startupMode.snapshots()) {
                stream.holdRelease();
            }
        }
        afterStateChange();
        releaseRestoredStreams();
    }

    /**
     * Lets each restored stream read on, with the captured tables it lacks and without those that
     * left, once the tables that joined are snapshotted and a checkpoint holds them.
     */
    private void releaseRestoredStreams() {
        if (!tablesReconciled || !stream.releaseMayGo() || restoredStreams.isEmpty()) {
            return;
        }
        for (var restored : restoredStreams.entrySet()) {
            Set<TableId> streamed = restored.getValue();
            Map<TableId, TableSchema> schemas = new LinkedHashMap<>();
            Map<TableId, ChunkKey> chunkKeys = new LinkedHashMap<>();
            for (CapturedTable table : snapshot.tables()) {
                if (!streamed.contains(table.tableId())) {
                    schemas.put(table.tableId(), table.schema());
                    chunkKeys.put(table.tableId(), table.chunkKey());
                }
            }
            List<FinishedRange> ranges = snapshot.finishedRanges().stream().filter(range -> schemas.containsKey(range.tableId())).toList();
            StreamSplit joining = new StreamSplit(stream.streamStartOrEmpty(), schemas, chunkKeys, ranges);
            context.sendEventToSourceReader(restored.getKey(), new StreamReleaseEvent(joining, leftTables));
        }
        restoredStreams.clear();
    }

    private static Set<TableId> tableIds(Collection<CapturedTable> tables) {
        Set<TableId> ids = new TreeSet<>();
        tables.forEach(t -> ids.add(t.tableId()));
        return ids;
    }

    private record Prepared(List<CapturedTable> tables, Optional<EncodedValue> streamStart) {}

    private Prepared discoverAndPrepare() {
        List<CapturedTable> discoveredTables = dialect.discoverTables();
        Optional<EncodedValue> start = Optional.empty();
        if (startupMode.streams()) {
            start = Optional.of(EncodedValue.encode(dialect.positionSerializer(), dialect.prepareStream()));
        }
        return new Prepared(discoveredTables, start);
    }

    private void onPrepared(Prepared prepared, Throwable error) {
        if (error != null) {
            throw FatalFailures.suppressRestartsIfFatal(
                    new IllegalStateException("Preparing the " + dialect.name() + " source failed: " + error.getMessage(), error));
        }
        snapshot.tablesDiscovered(prepared.tables());
        decideStreamDuringSnapshot();
        stream.registerTableMetrics(prepared.tables().stream().map(CapturedTable::tableId).toList());
        stream.streamPrepared(prepared.streamStart());
        afterStateChange();
    }

    /**
     * The stream runs during the snapshot when a mode snapshots and streams, the sink converges on
     * replays (it upserts by key, so a change met before its row's chunk, and a chunk row older than
     * a change already written, end at the latest value), and every table has a primary key it is
     * chunked by. One reader then emits both each chunk's rows and the changes, so every key's
     * events reach the sink in the order they were emitted: Flink keeps the order of one channel,
     * and the sink's key partitioning sends a key's events down one channel. A sink that rolls back
     * (exactly-once Kafka) or a table without a primary key keeps the gate on the whole snapshot.
     */
    private void decideStreamDuringSnapshot() {
        boolean before = streamsDuringSnapshot;
        boolean firstDecision = !streamDecisionMade;
        streamDecisionMade = true;
        // A sink that rolls back needs each change a chunk holds dropped at the reader, which needs the source to locate changes in views.
        boolean sinkAllows = sinkRecovery == SinkRecovery.REPLAY_CONVERGES || dialect.locatesChangesInViews();
        streamsDuringSnapshot = startupMode.snapshots() && startupMode.streams() && sinkAllows && dialect.readsChunksBesideTheStream()
                && snapshot.tables().stream().allMatch(t -> t.schema().hasPrimaryKey() && !t.chunkKey().isNone() && !t.chunkKey().synthetic());
        stream.streamDuringSnapshot(streamsDuringSnapshot, snapshot::tableRead);
        if ((firstDecision || streamsDuringSnapshot != before) && startupMode.snapshots() && startupMode.streams() && !snapshot.isComplete()) {
            LOG.info(streamsDuringSnapshot ? "Changes stream while the snapshot is read: one reader reads each chunk between its reads of the log"
                    : "The stream starts once the snapshot is read and held by a checkpoint ({})", whyNotDuringSnapshot());
        }
    }

    private String whyNotDuringSnapshot() {
        if (!dialect.readsChunksBesideTheStream()) {
            return "the " + dialect.name() + " source reads chunks beside its stream only once that is verified on it";
        }
        if (sinkRecovery != SinkRecovery.REPLAY_CONVERGES && !dialect.locatesChangesInViews()) {
            return "the sink delivers exactly once, and the " + dialect.name() + " source cannot tell which chunk's view holds a change";
        }
        return snapshot.tables().stream().filter(t -> !t.schema().hasPrimaryKey() || t.chunkKey().isNone() || t.chunkKey().synthetic())
                .map(t -> t.tableId() + " has no primary key").findFirst().orElse("the startup mode");
    }

    private void afterStateChange() {
        if (!snapshot.discovered() || !tablesReconciled) {
            return;
        }
        snapshot.advance();
        if (streamsDuringSnapshot) {
            assignStreamIfNobodyWaits();
        }
        assignToWaitingReaders();
        if (snapshot.isComplete()) {
            if (snapshot.completed(startupMode.snapshots() && (streamsDuringSnapshot || !stream.streamAssigned())) && streamsDuringSnapshot) {
                stream.snapshotReadBesideStream();
            }
            if (stream.snapshotComplete()) {
                assignStreamIfNobodyWaits();
            }
        }
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
                if (streamsDuringSnapshot && stream.mayAssignStream()) {
                    assignStream(reader); // first, so that every chunk goes to this reader; its request is served by a chunk below
                }
                if (streamsDuringSnapshot && !reader.equals(streamOwner)) {
                    continue; // only the stream's reader reads chunks, between its reads of the log
                }
                Optional<SnapshotSplit> chunk = snapshot.nextChunk();
                if (chunk.isPresent()) {
                    context.assignSplit(chunk.get(), reader);
                    served(reader);
                    assignedAny = true;
                } else if (stream.mayAssignStream()) {
                    assignStream(reader);
                    waitingReaders.remove(reader);
                } else if (!startupMode.streams() && snapshot.isComplete()) {
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

    private void assignStream(int reader) {
        stream.assignStream(reader, snapshot.tables(), snapshot.finishedRanges());
        streamOwner = reader;
    }

    private void assignStreamIfNobodyWaits() {
        if (!stream.mayAssignStream()) {
            return;
        }
        if (waitingReaders.isEmpty() && !context.registeredReaders().isEmpty()) {
            assignStream(new TreeSet<>(context.registeredReaders().keySet()).first());
        } else {
            assignToWaitingReaders();
        }
    }

    /** Registered readers that may still receive events (a finished reader must not). */
    private List<Integer> activeReaders() {
        List<Integer> readers = new ArrayList<>(context.registeredReaders().keySet());
        readers.removeAll(readersWithoutMoreSplits);
        return readers;
    }

    private void announceEpoch(EpochEvent epoch) {
        for (Integer reader : activeReaders()) {
            context.sendEventToSourceReader(reader, epoch);
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
            if (split instanceof SnapshotSplit chunk) {
                snapshot.chunkReturned(chunk);
            } else if (split instanceof StreamSplit) {
                stream.streamReturned();
                restoredStreams.remove(subtaskId);
                streamOwner = null;
            }
        }
        reconcileTables();
        LOG.info("Reader {} failed; {} splits returned for reassignment", subtaskId, splits.size());
    }

    @Override
    public void addReader(int subtaskId) {
        readersWithoutMoreSplits.remove(subtaskId);
        snapshot.currentEpoch().ifPresent(epoch -> context.sendEventToSourceReader(subtaskId, epoch));
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
        if (sourceEvent instanceof ChunksFinishedEvent event) {
            for (FinishedChunk chunk : event.chunks()) {
                snapshot.chunkFinished(chunk);
                acknowledgements.chunkFinished(chunk.splitId());
                stream.chunkFinished(chunk);
            }
            afterStateChange();
        } else if (sourceEvent instanceof StreamRestoredEvent restored) {
            restoredStreams.put(subtaskId, restored.tables());
            streamOwner = subtaskId;
            reconcileTables();
            releaseRestoredStreams();
        } else {
            LOG.warn("Ignoring unexpected event {} from reader {}", sourceEvent, subtaskId);
        }
    }

    /**
     * A re-snapshot request newer than the last one handed on: once the stream runs, the tables
     * it names are looked up as the database has them now and handed to the stream's reader, which
     * reads them again in chunks between its reads of the log (see {@code CdcSplitReader}). The
     * number handed on is in this enumerator's checkpoint, and the request in the reader's from the
     * moment it arrives, so a restart neither loses nor repeats it.
     */
    private void onRequestPolled(Optional<ResnapshotRequest> request, Throwable error) {
        if (error != null) {
            if (!lastRequestProblem.equals(String.valueOf(error.getMessage()))) {
                lastRequestProblem = String.valueOf(error.getMessage());
                LOG.warn("{}", lastRequestProblem);
            }
            return;
        }
        lastRequestProblem = "";
        if (request.isEmpty() || request.get().id() <= resnapshotId || requestInFlight) {
            return;
        }
        if (!streamRuns()) {
            if (!requestWaitLogged) {
                requestWaitLogged = true;
                if (startupMode.streams()) {
                    LOG.info("{} waits until the stream runs", request.get());
                } else {
                    LOG.warn("{} is not taken: scan.startup.mode {} takes a snapshot and ends, with no stream to read tables again beside;"
                            + " run the pipeline again to read every table", request.get(), startupMode.optionValue());
                }
            }
            return;
        }
        requestInFlight = true;
        ResnapshotRequest taken = request.get();
        context.callAsync(() -> findRequestedTables(taken), (tables, failure) -> onRequestedTablesFound(taken, tables, failure));
    }

    private boolean streamRuns() {
        return streamOwner != null && tablesReconciled && restoredStreams.isEmpty() && stream.streamAssigned() && stream.releaseMayGo()
                && context.registeredReaders().containsKey(streamOwner);
    }

    /** The tables as the database has them now, and why the request's condition cannot select rows of any it names (worker thread). */
    private record RequestedTables(List<CapturedTable> discovered, Map<String, String> conditionProblems) {}

    private RequestedTables findRequestedTables(ResnapshotRequest request) {
        List<CapturedTable> discovered = dialect.discoverTables();
        Map<String, String> problems = new LinkedHashMap<>();
        if (request.condition().isPresent()) {
            for (CapturedTable table : discovered) {
                if (request.tables().contains(table.tableId().toString())) {
                    dialect.rowConditionProblem(table, request.condition().get()).ifPresent(problem -> problems.put(table.tableId().toString(), problem));
                }
            }
        }
        return new RequestedTables(discovered, problems);
    }

    private void onRequestedTablesFound(ResnapshotRequest request, RequestedTables found, Throwable error) {
        requestInFlight = false;
        if (error != null) {
            LOG.warn("{} waits: finding the tables of the {} source failed ({}); trying again", request, dialect.name(), error.getMessage());
            return;
        }
        if (!streamRuns()) {
            return; // the stream's reader failed meanwhile: the next poll tries again
        }
        List<CapturedTable> again = new ArrayList<>();
        for (String name : new TreeSet<>(request.tables())) {
            Optional<CapturedTable> table = found.discovered().stream().filter(t -> t.tableId().toString().equals(name)).findFirst();
            if (table.isEmpty()) {
                LOG.warn("{}: {} is not captured by this pipeline; nothing read for it", request, name);
            } else if (!table.get().schema().hasPrimaryKey() || table.get().chunkKey().isNone() || table.get().chunkKey().synthetic()) {
                LOG.warn("{}: {} has no primary key, so its rows cannot be matched with those in the target; nothing read for it."
                        + " Give it a primary key to read it again.", request, name);
            } else if (found.conditionProblems().containsKey(name)) {
                LOG.warn("{}: nothing read for {}: {}. Ask again with a condition the database accepts.", request, name,
                        found.conditionProblems().get(name));
            } else {
                again.add(table.get());
            }
        }
        resnapshotId = request.id();
        requestWaitLogged = false;
        if (!again.isEmpty()) {
            context.sendEventToSourceReader(streamOwner, new ReadAgainEvent(request.id(), again, request.condition()));
            LOG.info("Reading {} again while streaming (re-snapshot {}{}); no other table is read again",
                    tableIds(again), request.id(), request.condition().map(where -> ", rows where " + where).orElse(""));
        }
    }

    @Override
    public EnumeratorState snapshotState(long checkpointId) {
        acknowledgements.checkpointTaken(checkpointId);
        stream.checkpointTaken(checkpointId);
        EnumeratorState.Builder state = EnumeratorState.builder();
        snapshot.writeTo(state);
        stream.writeTo(state);
        state.tableSelection(tableSelection.isEmpty() ? Optional.empty() : Optional.of(tableSelection));
        state.resnapshotId(resnapshotId);
        return state.build();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Set<String> acknowledged = acknowledgements.checkpointCompleted(checkpointId);
        if (!acknowledged.isEmpty()) {
            for (Integer reader : activeReaders()) {
                context.sendEventToSourceReader(reader, new ChunksAcknowledgedEvent(acknowledged));
            }
        }
        if (stream.checkpointCompleted(checkpointId)) {
            assignStreamIfNobodyWaits();
            releaseRestoredStreams();
        }
    }

    @Override
    public void close() {
        snapshot.close();
    }
}
