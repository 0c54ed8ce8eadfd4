package io.tributary.core.source.reader;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.core.source.event.EpochEvent;
import io.tributary.core.source.event.StreamReleaseEvent;
import io.tributary.core.source.split.CdcSplit;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.ReadAgain;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.source.split.StreamSplit;
import io.tributary.core.spi.SinkRecovery;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on the reader's fetcher thread: reads assigned chunks one after another in batches of
 * rows, then the change stream. Every call returns within a fraction of a second so that
 * checkpoints and shutdown are never held up; the fetcher's bounded queue bounds memory.
 *
 * <p>Where the enumerator hands this reader the stream before the chunks (the stream runs during
 * the snapshot), chunks and reads of the log take turns: the log is not read while a chunk is, and
 * each chunk is read under a view opened after the last change emitted, so that no chunk row is
 * older than a change of its key emitted before it. Changes that view already holds still follow
 * the row, which a sink converging on replays writes again; for a sink that rolls back,
 * {@link ChangesBesideChunks} drops them, and the changes of chunks not read yet, as it hands them on.
 */
final class CdcSplitReader<P extends Comparable<P>, M> implements SplitReader<Object, CdcSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(CdcSplitReader.class);
    private static final long EPOCH_WAIT_MILLIS = 200;
    private static final long SCHEMA_CHANGE_WAIT_MILLIS = 100;
    private static final long VIEW_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long VIEW_WAIT_WARN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final SourceDialect<P, M> dialect;
    private final EpochHolder epochHolder;
    private SnapshotView<M> currentView;
    private int currentViewEpoch;
    private final AtomicReference<P> pendingAcknowledgement;
    private final int batchRows;
    private final SinkRecovery sinkRecovery;
    /** Whether the startup mode reads a snapshot: in one that only streams, no chunk is ever read beside the stream. */
    private final boolean snapshots;
    private final StreamDurability durability;
    private final StreamRelease streamRelease;
    /** Stream records polled but not yet handed on: a schema change waiting for the rows before it to be durable, and what follows. */
    private final Deque<StreamRecord<P>> heldRecords = new ArrayDeque<>();
    private long streamRecordsFetched;
    private long fetchedThroughLastRowChange;
    private final Deque<SnapshotSplit> snapshotSplits = new ArrayDeque<>();
    /** The view chunks are read under while the stream runs, and how many stream events were emitted when it was opened. */
    private SnapshotEpoch<M> chunkView;
    /** A view no longer used, kept to be renewed into the next one ({@link SourceDialect#renewSnapshotEpoch}) rather than connecting again. */
    private SnapshotEpoch<M> spareView;
    private long chunkViewAfterEvents;
    /**
     * Stream records handed on that carried an event, apart from {@link #streamRecordsFetched}: a
     * view stays good while only position records (heartbeats, changes of other tables) went by,
     * and an idle log sends those all the time, which would otherwise force a new view per chunk.
     */
    private long streamEventsFetched;
    /** Where the stream resumes after the records handed on so far; null before the first. */
    private P handedOnThrough;
    /**
     * For a sink that rolls back, where the source locates changes in views: drops each change a
     * chunk read beside the stream holds or will hold (null until the stream opens, and where not).
     */
    private ChangesBesideChunks<P, M> besideChunks;
    /** Parts read before the stream opened (restored from a checkpoint, or read while the stream was held), for {@link #besideChunks}. */
    private final List<FinishedChunk> partsBeforeStream = new ArrayList<>();
    /** The marker of the view the current chunk is read under, beside the stream. */
    private M currentChunkMarker;
    /** When the current wait for a view that holds the stream began; empty while not waiting. */
    private OptionalLong viewWaitSinceNanos = OptionalLong.empty();

    private final SharedChunkReader<M> chunkReader;
    private final SourceReaderMetrics metrics;
    private SnapshotSplit currentSplit;
    private RowCursor<M> cursor;
    private StreamSplit streamSplit;
    /** Volatile: {@link #wakeUp()} reads it from the reader's main thread. */
    private volatile StreamReader<P> streamReader;

    private final ReadAgainRecords.Requests readAgainRequests;
    /** Tables to read again while streaming, in request order; the first is being read. */
    private final Deque<ReadAgain> readAgain = new ArrayDeque<>();
    private ChunkSplitter againSplitter;
    private boolean againFirstChunk;
    private SnapshotEpoch<M> againEpoch;
    private RowCursor<M> againCursor;
    private int againChunks;
    private long againReadMillis;
    /** After a chunk read again, the stream is read once before the next chunk. */
    private boolean streamTurn;

    CdcSplitReader(SplitReaderSettings<P, M> settings) {
        requireNonNull(settings, "settings is null");
        this.dialect = settings.dialect();
        this.epochHolder = settings.epochHolder();
        this.pendingAcknowledgement = settings.pendingAcknowledgement();
        this.chunkReader = settings.chunkReader();
        this.metrics = settings.metrics();
        this.durability = settings.durability();
        this.streamRelease = settings.streamRelease();
        this.batchRows = settings.batchRows();
        this.sinkRecovery = settings.sinkRecovery();
        this.snapshots = settings.snapshots();
        this.readAgainRequests = settings.readAgain();
    }

    @Override
    public RecordsWithSplitIds<Object> fetch() throws IOException {
        RecordsBySplits.Builder<Object> batch = new RecordsBySplits.Builder<>();
        try {
            boolean openStreamFirst = streamSplit != null && streamReader == null && streamRelease.mayRead();
            if (currentSplit == null && !snapshotSplits.isEmpty() && !streamTurn && !openStreamFirst) {
                startNextChunk(batch);
            }
            if (currentSplit != null) {
                readRows(batch);
            } else if (streamSplit != null) {
                readStream(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading", e);
        } catch (TributaryException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        return batch.build();
    }

    private void startNextChunk(RecordsBySplits.Builder<Object> batch) throws InterruptedException {
        Optional<EpochEvent> epoch = epochHolder.await(EPOCH_WAIT_MILLIS);
        if (epoch.isEmpty()) {
            return;
        }
        // The stream's reader reads its chunks under views of its own, before its stream opens too: after a failover the
        // enumerator may have released the epoch (it saw every chunk finish) while this reader's restored state still
        // holds a chunk. The epoch still names the chunk's part for the enumerator's bookkeeping.
        Optional<SnapshotView<M>> view = streamSplit == null ? Optional.of(view(epoch.get())) : viewAfterStream();
        if (view.isEmpty()) {
            return; // tried again at the next fetch
        }
        SnapshotSplit split = snapshotSplits.poll();
        LOG.debug("Reading chunk {} {} under epoch {}", split.splitId(), split.range(), epoch.get().epochId());
        cursor = chunkReader.get().open(split, view.get());
        currentSplit = split;
        currentChunkMarker = cursor.marker().orElse(view.get().marker());
        Optional<EncodedValue> marker = decidesBesideChunks()
                ? Optional.of(EncodedValue.encode(dialect.markerSerializer(), currentChunkMarker)) // its own view, not the epoch's
                : chunkMarker(cursor, split);
        batch.add(split.splitId(), new SnapshotChunkStart(epoch.get(), marker, System.currentTimeMillis()));
    }

    /**
     * A view that holds every change the stream emitted so far, for a chunk read while the stream
     * runs: the one opened for the last chunk while nothing was emitted since, or a new one. The
     * epoch's view may be older than changes already emitted. Empty when a new view does not yet
     * see every change emitted (the log carried a commit before the database made it visible).
     */
    private Optional<SnapshotView<M>> viewAfterStream() {
        if (chunkView == null || chunkViewAfterEvents != streamEventsFetched) {
            retire(chunkView);
            chunkView = null;
            Optional<SnapshotEpoch<M>> opened = openViewHoldingStream();
            if (opened.isEmpty()) {
                return Optional.empty();
            }
            chunkView = opened.get();
            chunkViewAfterEvents = streamEventsFetched;
        }
        return Optional.of(chunkView.view());
    }

    /** A new view that holds every change handed on, or empty (after a short pause) if the database does not show them all yet. */
    private Optional<SnapshotEpoch<M>> openViewHoldingStream() {
        SnapshotEpoch<M> opened = spareView == null ? dialect.openSnapshotEpoch() : dialect.renewSnapshotEpoch(spareView);
        spareView = null;
        if (handedOnThrough == null || dialect.viewHoldsStream(streamReader, handedOnThrough, opened.view().marker())) {
            viewWaitSinceNanos = OptionalLong.empty();
            return Optional.of(opened);
        }
        spareView = opened; // renewed at the next try
        long now = System.nanoTime();
        if (viewWaitSinceNanos.isEmpty()) {
            viewWaitSinceNanos = OptionalLong.of(now);
        } else if (now - viewWaitSinceNanos.getAsLong() > VIEW_WAIT_WARN_NANOS) {
            LOG.warn("For {} s a new view of the database has not shown every change the stream already read: a commit is in the log but"
                    + " not yet visible, usually because it waits for a replica's acknowledgement. Check that the synchronous standbys in"
                    + " synchronous_standby_names (PostgreSQL) or the semi-synchronous replicas (MySQL/MariaDB) are up and connected; the"
                    + " snapshot's next chunk is read once they acknowledge, and changes keep streaming meanwhile",
                    TimeUnit.NANOSECONDS.toSeconds(now - viewWaitSinceNanos.getAsLong()));
            viewWaitSinceNanos = OptionalLong.of(now);
        }
        LockSupport.parkNanos(VIEW_RETRY_NANOS);
        return Optional.empty();
    }

    /** Keeps {@code view} (if any) to renew into the next one, closing the spare it replaces. */
    private void retire(SnapshotEpoch<M> view) {
        if (view != null) {
            if (spareView != null) {
                spareView.close();
            }
            spareView = view;
        }
    }

    private void closeChunkView() {
        if (chunkView != null) {
            chunkView.close();
            chunkView = null;
        }
        if (spareView != null) {
            spareView.close();
            spareView = null;
        }
    }

    /** The epoch's view with its marker decoded, once per epoch. */
    private SnapshotView<M> view(EpochEvent epoch) {
        if (currentView == null || currentViewEpoch != epoch.epochId()) {
            currentView = new SnapshotView<>(epoch.handle(), epoch.marker().decode(dialect.markerSerializer()));
            currentViewEpoch = epoch.epochId();
        }
        return currentView;
    }

    /**
     * The chunk's own marker, where the database tells it, for a sink that rolls back and for a
     * table without a primary key (the sink cannot converge by upserting): the exact view this
     * chunk was read under. Chunked tables with a primary key, for a sink where replays converge,
     * keep the epoch's marker, which is older than every chunk read under the epoch, as the
     * coverage's replay needs.
     */
    private Optional<EncodedValue> chunkMarker(RowCursor<M> cursor, SnapshotSplit split) {
        if (sinkRecovery != SinkRecovery.ROLLS_BACK && split.schema().hasPrimaryKey() && !split.chunkKey().isNone()) {
            return Optional.empty();
        }
        return cursor.marker().map(marker -> EncodedValue.encode(dialect.markerSerializer(), marker));
    }

    private void readRows(RecordsBySplits.Builder<Object> batch) {
        String splitId = currentSplit.splitId();
        for (int i = 0; i < batchRows; i++) {
            if (!cursor.next()) {
                cursor.close();
                cursor = null;
                if (decidesBesideChunks()) {
                    partRead(batch, currentSplit);
                }
                currentSplit = null;
                batch.addFinishedSplit(splitId);
                if (streamReader != null) {
                    streamTurn = true; // changes flow between chunks
                    if (snapshotSplits.isEmpty()) {
                        closeChunkView(); // no view is held open past the last chunk
                    }
                }
                return;
            }
            batch.add(splitId, cursor.row());
        }
    }

    /** Whether chunks this reader reads while it holds the stream decide which changes go on (see {@link ChangesBesideChunks}). */
    private boolean decidesBesideChunks() {
        return snapshots && streamSplit != null && sinkRecovery == SinkRecovery.ROLLS_BACK && dialect.locatesChangesInViews();
    }

    /**
     * The chunk's rows are all in {@code batch}: its changes are decided against its view from here
     * on, and the stream split's checkpoints carry it, with the parts of it read before a restart
     * (in the chunk's own checkpoints until now).
     */
    private void partRead(RecordsBySplits.Builder<Object> batch, SnapshotSplit split) {
        FinishedChunk part = new FinishedChunk(split.splitId(), split.tableId(), split.range(), 0,
                EncodedValue.encode(dialect.markerSerializer(), currentChunkMarker), 0);
        if (besideChunks != null) {
            besideChunks.partRead(split.tableId(), split.range(), currentChunkMarker);
        } else if (streamReader == null) {
            partsBeforeStream.add(part);
        }
        split.finishedParts().forEach(earlier -> batch.add(StreamSplit.ID, new ChunkReadBesideStream(earlier)));
        batch.add(StreamSplit.ID, new ChunkReadBesideStream(part));
    }

    private void readStream(RecordsBySplits.Builder<Object> batch) throws Exception {
        if (streamReader == null) {
            Optional<Optional<StreamReleaseEvent>> release = streamRelease.await(EPOCH_WAIT_MILLIS);
            if (release.isEmpty()) {
                return; // restored: held until the enumerator releases it
            }
            if (release.get().isPresent()) {
                streamSplit = release.get().get().applyTo(streamSplit);
            }
            ChunkCoverage<M> coverage = new ChunkCoverage<>(streamSplit.finishedRanges(), dialect.markerSerializer(),
                    table -> dialect.chunkKeyOrder(streamSplit.schemas().get(table), streamSplit.chunkKey(table)), streamSplit::chunkKey,
                    table -> streamSplit.schemas().containsKey(table) && streamSplit.schemas().get(table).hasPrimaryKey(), sinkRecovery);
            P start = streamSplit.position().decode(dialect.positionSerializer());
            streamReader = dialect.openStreamReader(start, streamSplit.schemas(), coverage);
            metrics.register(streamReader.metrics());
            if (decidesBesideChunks()) {
                besideChunks = ChangesBesideChunks.of(dialect, streamSplit, partsBeforeStream);
                partsBeforeStream.clear();
                if (!besideChunks.deciding()) {
                    besideChunks = null; // every table was read before the stream started
                }
            }
            readAgain.addAll(streamSplit.readAgain());
        }
        readAgainRequests.drainTo(readAgain);
        if (heldRecords.isEmpty() && (againCursor != null || (!streamTurn && !readAgain.isEmpty()))) {
            readAgainRows(batch);
            return;
        }
        streamTurn = false;
        P acknowledge = pendingAcknowledgement.getAndSet(null);
        if (acknowledge != null) {
            streamReader.acknowledge(acknowledge);
        }
        if (heldRecords.isEmpty()) {
            // Between chunks read beside the stream, an idle log must not hold the next chunk up.
            heldRecords.addAll(snapshotSplits.isEmpty() ? streamReader.poll() : streamReader.pollArrived());
        }
        while (!heldRecords.isEmpty()) {
            StreamRecord<P> record = heldRecords.peek();
            boolean schemaChange = record.event().filter(SchemaChangeEvent.class::isInstance).isPresent();
            if (schemaChange && !durability.awaitDurable(fetchedThroughLastRowChange, SCHEMA_CHANGE_WAIT_MILLIS)) {
                // Row changes before it are not in a completed checkpoint yet: a restart would
                // replay them into a target this schema change had already changed.
                return;
            }
            heldRecords.poll();
            handedOnThrough = record.positionAfter();
            streamRecordsFetched++;
            if (record.event().isPresent()) {
                streamEventsFetched++; // dropped below or not: a view opened before it may lack it
            }
            if (besideChunks != null) {
                record = besideChunks.decide(record);
            }
            if (record.event().filter(DataChangeEvent.class::isInstance).isPresent()) {
                fetchedThroughLastRowChange = streamRecordsFetched;
            }
            batch.add(StreamSplit.ID, record);
        }
    }

    /**
     * Reads the next rows of the table being read again. The stream is not read while a chunk is:
     * the chunk's view, opened at its start, holds every change the stream emitted before it, and
     * what the stream emits after the chunk's rows follows them on the same channels, so the last
     * event of every key is its current state (a change between the stream's position and the view
     * arrives after the row that already holds it).
     */
    private void readAgainRows(RecordsBySplits.Builder<Object> batch) {
        ReadAgain table = readAgain.peekFirst();
        if (againCursor == null) {
            try {
                if (!openNextChunkReadAgain(batch, table)) {
                    return;
                }
            } catch (TributaryException e) {
                // A table that cannot be read again (dropped, its condition no longer valid) must not stop the stream.
                closeChunkReadAgain();
                endReadAgain(batch, table, Optional.of(e.getMessage()));
                return;
            }
        }
        for (int i = 0; i < batchRows; i++) {
            if (!againCursor.next()) {
                closeChunkReadAgain();
                streamTurn = true;
                return;
            }
            batch.add(StreamSplit.ID, new ReadAgainRecords.Row(table.requestId(), table.table().tableId(), againCursor.row(), againReadMillis));
        }
    }

    /** Opens the table's next chunk under a new view; false when the table is read to its end. */
    private boolean openNextChunkReadAgain(RecordsBySplits.Builder<Object> batch, ReadAgain table) {
        SnapshotSplit template = table.table();
        if (againSplitter == null) {
            againSplitter = dialect.createChunkSplitter(new CapturedTable(template.tableId(), template.schema(), template.chunkKey(),
                    table.estimatedRows()), table.lastKey());
            againFirstChunk = true;
            LOG.info("Reading {} again in chunks while streaming (re-snapshot {}){}", template.tableId(), table.requestId(),
                    table.lastKey().isPresent() ? ", after the rows read before the restart" : "");
        }
        Optional<SnapshotEpoch<M>> view = openViewHoldingStream();
        if (view.isEmpty()) {
            return false; // tried again at the next fetch, before the splitter is asked for the chunk
        }
        Optional<ChunkRange> next = againSplitter.next();
        if (next.isEmpty()) {
            view.get().close();
            endReadAgain(batch, table, Optional.empty());
            return false;
        }
        ChunkRange range = againFirstChunk && table.lastKey().isPresent() ? next.get().after(table.lastKey().get()) : next.get();
        againFirstChunk = false;
        againEpoch = view.get();
        againReadMillis = System.currentTimeMillis();
        SnapshotSplit chunk = SnapshotSplit.fresh(template.tableId(), template.schema(), template.chunkKey(), againChunks++, range);
        againCursor = table.condition().isPresent()
                ? chunkReader.get().open(chunk, againEpoch.view(), table.condition().get())
                : chunkReader.get().open(chunk, againEpoch.view());
        return true;
    }

    private void endReadAgain(RecordsBySplits.Builder<Object> batch, ReadAgain table, Optional<String> problem) {
        if (againSplitter != null) {
            againSplitter.close();
            againSplitter = null;
        }
        readAgain.pollFirst();
        if (spareView != null && chunkView == null) {
            spareView.close(); // no transaction is held open past the read (on PostgreSQL it would hold back vacuum)
            spareView = null;
        }
        batch.add(StreamSplit.ID, new ReadAgainRecords.Done(table.requestId(), table.table().tableId(), problem));
        streamTurn = true;
    }

    private void closeChunkReadAgain() {
        if (againCursor != null) {
            againCursor.close();
            againCursor = null;
        }
        if (againEpoch != null) {
            againEpoch.close();
            againEpoch = null;
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<CdcSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("Unsupported split change " + change);
        }
        for (CdcSplit split : change.splits()) {
            if (split instanceof SnapshotSplit snapshot) {
                snapshotSplits.add(snapshot);
                if (besideChunks != null) {
                    besideChunks.partsRead(snapshot.finishedParts());
                } else {
                    partsBeforeStream.addAll(snapshot.finishedParts());
                }
            } else if (split instanceof StreamSplit stream) {
                if (streamSplit != null) {
                    throw new TributaryException(ErrorCode.INTERNAL, "A reader received the stream split twice");
                }
                streamSplit = stream;
            }
        }
    }

    @Override
    public void wakeUp() {
        // fetch() returns within a bounded time; a poll of an idle log is cut short so that a chunk just assigned starts now.
        StreamReader<P> reader = streamReader;
        if (reader != null) {
            reader.wakeUp();
        }
    }

    @Override
    public void close() {
        if (cursor != null) {
            cursor.close();
        }
        closeChunkReadAgain();
        closeChunkView();
        if (againSplitter != null) {
            againSplitter.close();
        }
        if (streamReader != null) {
            streamReader.close();
        }
    }
}
