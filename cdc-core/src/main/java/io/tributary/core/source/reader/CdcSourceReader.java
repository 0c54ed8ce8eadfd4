package io.tributary.core.source.reader;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.FatalFailures;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.event.ChunksAcknowledgedEvent;
import io.tributary.core.source.event.ChunksFinishedEvent;
import io.tributary.core.source.event.EpochEvent;
import io.tributary.core.source.event.ReadAgainEvent;
import io.tributary.core.source.event.StreamReleaseEvent;
import io.tributary.core.source.event.StreamRestoredEvent;
import io.tributary.core.source.split.CdcSplit;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedReportSplit;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.source.split.StreamSplit;
import io.tributary.core.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/**
 * A reader subtask: asks for chunks one at a time, reports finished chunks to the enumerator
 * (keeping the reports in its checkpoint until the enumerator's checkpoint holds them), and
 * acknowledges stream positions to the database only once the checkpoint holding them completed.
 */
public final class CdcSourceReader<P extends Comparable<P>, M> extends SingleThreadMultiplexSourceReaderBase<Object, Event, CdcSplit, CdcSplitState> {
    private static final String REPORT_SPLIT_ID = "finished-chunk-report";

    private final SourceDialect<P, M> dialect;
    private final EpochHolder epochHolder;
    private final AtomicReference<P> pendingAcknowledgement;
    private final List<FinishedChunk> unacknowledged = new ArrayList<>();
    private final TreeMap<Long, P> positionsAtCheckpoint = new TreeMap<>();
    private StreamSplitState<P> streamState;
    private final StreamDurability durability;
    private final StreamRelease streamRelease;
    private final ReadAgainRecords.Requests readAgain;
    /** Splits added before {@link #start()} were restored from this reader's checkpoint. */
    private boolean started;

    private final SharedChunkReader<M> chunkReader;

    public static <P extends Comparable<P>, M> CdcSourceReader<P, M> create(SourceDialect<P, M> dialect, SourceReaderContext context, ReaderSettings settings) {
        requireNonNull(dialect, "dialect is null");
        requireNonNull(context, "context is null");
        requireNonNull(settings, "settings is null");
        SplitReaderSettings<P, M> shared = new SplitReaderSettings<>(dialect, new EpochHolder(), new AtomicReference<>(),
                new SharedChunkReader<>(dialect::openChunkReader), new SourceReaderMetrics(context.metricGroup()), new StreamDurability(),
                new StreamRelease(), new ReadAgainRecords.Requests(), settings.batchRows(), settings.sinkRecovery(),
                settings.snapshots());
        return new CdcSourceReader<>(context, settings.flinkConfig(), shared);
    }

    private CdcSourceReader(SourceReaderContext context, Configuration config, SplitReaderSettings<P, M> shared) {
        super(() -> new CdcSplitReader<>(shared), new CdcRecordEmitter<P>(shared.metrics(), shared.durability()), config, context);
        this.durability = shared.durability();
        this.streamRelease = shared.streamRelease();
        this.readAgain = shared.readAgain();
        this.dialect = shared.dialect();
        this.epochHolder = shared.epochHolder();
        this.pendingAcknowledgement = shared.pendingAcknowledgement();
        this.chunkReader = shared.chunkReader();
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            chunkReader.close();
        }
    }

    /** Chunks asked for ahead, so the fetcher always has the next chunk when one ends. */
    private static final int CHUNKS_AHEAD = 2;

    @Override
    public void start() {
        started = true;
        if (streamState != null) {
            context.sendSourceEventToCoordinator(new StreamRestoredEvent(streamState.schemas().keySet()));
        }
        super.start();
        for (int i = getNumberOfCurrentlyAssignedSplits(); i < CHUNKS_AHEAD; i++) {
            context.sendSplitRequest();
        }
    }

    /** Every failure of the fetcher (snapshot chunks and the stream) surfaces here; a fatal one must not be restarted. */
    @Override
    public InputStatus pollNext(ReaderOutput<Event> output) throws Exception {
        try {
            return super.pollNext(output);
        } catch (Exception e) {
            throw FatalFailures.suppressRestartsIfFatal(e);
        }
    }

    @Override
    public void addSplits(List<CdcSplit> splits) {
        List<CdcSplit> work = new ArrayList<>();
        for (CdcSplit split : splits) {
            if (split instanceof FinishedReportSplit report) {
                unacknowledged.addAll(report.chunks());
                context.sendSourceEventToCoordinator(new ChunksFinishedEvent(report.chunks()));
            } else {
                if (split instanceof StreamSplit && !started) {
                    streamRelease.require();
                }
                work.add(split);
            }
        }
        if (!work.isEmpty()) {
            super.addSplits(work);
        }
    }

    @Override
    protected CdcSplitState initializedState(CdcSplit split) {
        if (split instanceof SnapshotSplit snapshot) {
            return new SnapshotSplitState(snapshot, dialect.chunkKeyOrder(snapshot.schema(), snapshot.chunkKey()));
        }
        if (split instanceof StreamSplit stream) {
            streamState = new StreamSplitState<>(stream, dialect);
            return streamState;
        }
        throw new IllegalArgumentException("Not a readable split: " + split);
    }

    @Override
    protected CdcSplit toSplitType(String splitId, CdcSplitState state) {
        return state.toSplit();
    }

    @Override
    protected void onSplitFinished(Map<String, CdcSplitState> finishedSplits) {
        List<FinishedChunk> parts = new ArrayList<>();
        for (CdcSplitState state : finishedSplits.values()) {
            if (state instanceof SnapshotSplitState snapshot) {
                parts.addAll(snapshot.finishedParts());
            }
        }
        if (!parts.isEmpty()) {
            unacknowledged.addAll(parts);
            context.sendSourceEventToCoordinator(new ChunksFinishedEvent(parts));
            for (int i = 0; i < finishedSplits.size(); i++) {
                context.sendSplitRequest();
            }
        }
    }

    @Override
    public List<CdcSplit> snapshotState(long checkpointId) {
        List<CdcSplit> splits = new ArrayList<>(super.snapshotState(checkpointId));
        if (!unacknowledged.isEmpty()) {
            splits.add(new FinishedReportSplit(REPORT_SPLIT_ID, unacknowledged));
        }
        if (streamState != null) {
            positionsAtCheckpoint.put(checkpointId, streamState.position());
        }
        durability.checkpointTaken(checkpointId);
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        durability.checkpointCompleted(checkpointId);
        var completed = positionsAtCheckpoint.headMap(checkpointId, true);
        if (!completed.isEmpty()) {
            pendingAcknowledgement.set(completed.lastEntry().getValue());
            completed.clear();
        }
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof EpochEvent epoch) {
            epochHolder.set(epoch);
        } else if (event instanceof StreamReleaseEvent release) {
            if (streamState != null && streamRelease.release(release)) {
                streamState.release(release);
            }
        } else if (event instanceof ReadAgainEvent again) {
            // Only the reader of the stream reads tables again; the request is in its checkpoints from here on.
            if (streamState != null) {
                streamState.readAgainRequested(again.tables());
                readAgain.add(again.tables());
            }
        } else if (event instanceof ChunksAcknowledgedEvent acknowledged) {
            unacknowledged.removeIf(chunk -> acknowledged.splitIds().contains(chunk.splitId()));
        } else {
            super.handleSourceEvents(event);
        }
    }
}
