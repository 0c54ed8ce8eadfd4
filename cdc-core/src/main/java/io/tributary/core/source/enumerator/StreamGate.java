package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.StartupMode;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.split.CdcSplit;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.StreamSplit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when the change stream may be handed to a reader, and hands it out.
 *
 * <p>Snapshot rows and changes of one key come from different reader subtasks, and Flink orders
 * records across channels only at checkpoint barriers. So in a mode that snapshots and streams,
 * the gate opens when the first checkpoint taken after the snapshot completed has completed: that
 * checkpoint holds every snapshot row, so each key's snapshot row reaches the sink before its
 * changes. That checkpoint is requested as soon as the snapshot completes ({@link CheckpointTrigger})
 * instead of waiting for the periodic one, so the stream starts one checkpoint's duration after the
 * last chunk, not up to a whole interval later. A mode without a snapshot opens the gate as soon as the (empty) snapshot is complete.
 * Once open, the gate stays open: a stream split returned by a failed reader may be handed out
 * again at once.
 *
 * <p>Where the stream runs during the snapshot (see {@code CdcSplitEnumerator#decideStreamDuringSnapshot}),
 * one reader emits both the chunks' rows and the changes, in order on one channel, so no checkpoint
 * has to separate them: the gate is open as soon as the stream is prepared, and a table counts as
 * streaming live once its last chunk is read.
 *
 * <p>It is told: the stream is prepared, a chunk finished, the snapshot is complete, a checkpoint
 * was taken or completed, the stream split came back. It answers whether the stream may be
 * assigned now. All calls come from the coordinator thread.
 */
final class StreamGate {
    /** Logs under the enumerator's name, as users have always seen these lines. */
    private static final Logger LOG = LoggerFactory.getLogger(CdcSplitEnumerator.class);

    private final SplitEnumeratorContext<CdcSplit> context;
    private final StartupMode startupMode;
    private final CheckpointTrigger checkpoints;
    private boolean checkpointRequested;
    private Optional<EncodedValue> streamStart;
    private boolean streamAssigned;
    private boolean open;
    private boolean snapshotComplete;
    /** The checkpoint that holds every snapshot row, once one was taken after the snapshot completed. */
    private Optional<Long> gateCheckpointId = Optional.empty();
    /**
     * A restored stream waits for tables that joined the pipeline: it reads on once a checkpoint
     * holds their snapshot, as the first stream waits for the whole snapshot.
     */
    private boolean releaseHeld;
    private boolean duringSnapshot;
    /** Where the stream ran during the snapshot: the checkpoint after its last chunk, which holds every snapshot row, once taken. */
    private boolean snapshotAnnouncementPending;
    private Optional<Long> announcementCheckpointId = Optional.empty();
    private Predicate<TableId> tableRead = table -> true;

    /**
     * @param streamStart where the stream starts, if prepared before a restart
     * @param streamAssigned whether a reader held the stream split before a restart (the gate was open then)
     */
    StreamGate(SplitEnumeratorContext<CdcSplit> context, StartupMode startupMode, Optional<EncodedValue> streamStart, boolean streamAssigned) {
        this.context = requireNonNull(context, "context is null");
        this.startupMode = requireNonNull(startupMode, "startupMode is null");
        this.checkpoints = new CheckpointTrigger(context);
        this.streamStart = requireNonNull(streamStart, "streamStart is null");
        this.streamAssigned = streamAssigned;
        this.open = streamAssigned;
    }

    /** The stream as a {@code tributary_stream_running} gauge. */
    void registerMetrics() {
        context.metricGroup().gauge("tributary_stream_running", (Gauge<Integer>) () -> streamAssigned ? 1 : 0);
    }

    /**
     * Per captured table, whether its changes are delivered live yet, as {@code tributary_table_streaming}
     * gauges labelled {@code table} (1 or 0).
     */
    void registerTableMetrics(Collection<TableId> tables) {
        for (TableId table : tables) {
            context.metricGroup().addGroup("table", table.identifier())
                    .gauge("tributary_table_streaming", (Gauge<Integer>) () -> tableStreaming(table) ? 1 : 0);
        }
    }

    /**
     * Whether changes of {@code table} are delivered live: when the stream split is held by a reader
     * and, where the stream runs during the snapshot, the table's last chunk is read.
     */
    boolean tableStreaming(TableId table) {
        requireNonNull(table, "table is null");
        return streamAssigned && !releaseHeld && (!duringSnapshot || tableRead.test(table));
    }

    /**
     * Whether the stream runs during the snapshot, read by the reader that reads the chunks;
     * {@code tableRead} tells whether a table's snapshot is read to its end.
     */
    void streamDuringSnapshot(boolean during, Predicate<TableId> tableRead) {
        this.duringSnapshot = during;
        this.tableRead = requireNonNull(tableRead, "tableRead is null");
    }

    /**
     * Tables joined a pipeline whose stream was running before the restart: the restored stream is
     * held until a checkpoint holds their snapshot (see {@link #releaseMayGo()}).
     */
    void holdRelease() {
        releaseHeld = true;
    }

    /** Whether a restored stream may read on now. */
    boolean releaseMayGo() {
        return !releaseHeld;
    }

    /** Where the stream starts, now that the log can be read from there. */
    void streamPrepared(Optional<EncodedValue> start) {
        streamStart = requireNonNull(start, "start is null");
    }

    /**
     * A snapshot chunk finished. Gating on the whole snapshot needs nothing per chunk; gating per
     * chunk (DESIGN.md §3, "Next") will let changes of the finished chunk's key range flow here.
     */
    void chunkFinished(FinishedChunk chunk) {
        requireNonNull(chunk, "chunk is null");
    }

    /**
     * Every snapshot chunk is read (told again on every later state change).
     *
     * @return whether the gate opened just now
     */
    boolean snapshotComplete() {
        snapshotComplete = true;
        if (!startupMode.snapshots() && !open) {
            open = true;
            return true;
        }
        if (duringSnapshot && !open) {
            open = true; // the stream ran all along, beside the chunks
        }
        if (startupMode.streams() && !open && !checkpointRequested) {
            checkpointRequested = true;
            checkpoints.requestCheckpoint("every snapshot chunk is read; the stream starts when a checkpoint holds them");
        }
        if (releaseHeld && !checkpointRequested) {
            checkpointRequested = true;
            checkpoints.requestCheckpoint("the tables that joined are read; the stream reads on when a checkpoint holds them");
        }
        return false;
    }

    /**
     * Where the stream ran during the snapshot, its last chunk is read: once a checkpoint holds
     * every snapshot row (the target has them all then), the log says the pipeline streams.
     */
    void snapshotReadBesideStream() {
        snapshotAnnouncementPending = true;
        checkpoints.requestCheckpoint("every snapshot chunk is read beside the stream; the target holds them once a checkpoint does");
    }

    /** A checkpoint is being taken; the first one after the snapshot completed holds every snapshot row. */
    void checkpointTaken(long checkpointId) {
        if (snapshotAnnouncementPending && announcementCheckpointId.isEmpty()) {
            announcementCheckpointId = Optional.of(checkpointId);
        }
        if (startupMode.streams() && startupMode.snapshots() && snapshotComplete && (!open || releaseHeld) && gateCheckpointId.isEmpty()) {
            gateCheckpointId = Optional.of(checkpointId);
        }
    }

    /**
     * A checkpoint completed.
     *
     * @return whether the gate opened, or a held stream may read on, just now
     */
    boolean checkpointCompleted(long checkpointId) {
        if (announcementCheckpointId.isPresent() && checkpointId >= announcementCheckpointId.get()) {
            snapshotAnnouncementPending = false;
            announcementCheckpointId = Optional.empty();
            LOG.info("Checkpoint {} holds every snapshot row. Streaming changes from the log, as since the snapshot began: every table streams live",
                    checkpointId);
        }
        if (gateCheckpointId.isEmpty() || checkpointId < gateCheckpointId.get()) {
            return false;
        }
        if (!open) {
            open = true;
            LOG.info("Checkpoint {} holds every snapshot row; starting the stream", checkpointId);
            return true;
        }
        if (releaseHeld) {
            releaseHeld = false;
            LOG.info("Checkpoint {} holds the snapshot of the tables that joined; the stream reads on", checkpointId);
            return true;
        }
        return false;
    }

    /** The reader holding the stream split failed; the split may be assigned again. */
    void streamReturned() {
        streamAssigned = false;
    }

    /** Where the stream started, or an empty value before it was prepared (for splits that carry only tables). */
    EncodedValue streamStartOrEmpty() {
        return streamStart.orElseGet(() -> new EncodedValue(0, new byte[0]));
    }

    /** Whether the stream split may be handed to a reader now. */
    boolean mayAssignStream() {
        return (open || (duringSnapshot && streamStart.isPresent())) && !streamAssigned;
    }

    boolean streamAssigned() {
        return streamAssigned;
    }

    /** Builds the stream split from the captured tables and the finished ranges, and assigns it to {@code reader}. */
    void assignStream(int reader, Collection<CapturedTable> tables, List<FinishedRange> finished) {
        if (!mayAssignStream()) {
            throw new IllegalStateException("The stream may not be assigned now (gate open: " + open + ", assigned: " + streamAssigned + ")");
        }
        Map<TableId, TableSchema> schemas = new LinkedHashMap<>();
        Map<TableId, ChunkKey> chunkKeys = new LinkedHashMap<>();
        tables.forEach(t -> schemas.put(t.tableId(), t.schema()));
        tables.forEach(t -> chunkKeys.put(t.tableId(), t.chunkKey()));
        StreamSplit split = new StreamSplit(streamStart.orElseThrow(), schemas, chunkKeys, finished);
        context.assignSplit(split, reader);
        streamAssigned = true;
        if (duringSnapshot && !snapshotComplete) {
            // Not the line that says the stream runs after the snapshot: that one is logged when the last chunk is read.
            LOG.info("Reading the log on reader {} beside the snapshot: a table's changes flow once its last chunk is read", reader);
        } else {
            LOG.info("Streaming changes from the log on reader {}", reader);
        }
    }

    /** Sets the stream's components of the enumerator's checkpoint. */
    void writeTo(EnumeratorState.Builder state) {
        state.streamStart(streamStart).streamAssigned(streamAssigned);
    }
}
