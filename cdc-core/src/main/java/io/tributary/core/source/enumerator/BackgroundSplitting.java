package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.FatalFailures;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.split.CdcSplit;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import io.tributary.core.source.split.SnapshotSplit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the captured tables into chunks, one table after another, a batch of chunks per call on
 * the coordinator's worker thread ({@code callAsync}), so that readers start on the first chunks of
 * a huge table at once and a checkpoint records how far splitting got. The dialect's splitter
 * lives on the worker thread; every other field changes only on the coordinator thread.
 */
final class BackgroundSplitting {
    /** Logs under the enumerator's name, as users have always seen these lines. */
    private static final Logger LOG = LoggerFactory.getLogger(CdcSplitEnumerator.class);
    private static final int CHUNKS_PER_SPLITTING_CALL = 64;

    private final SplitEnumeratorContext<CdcSplit> context;
    private final SourceDialect<?, ?> dialect;
    private final Function<TableId, CapturedTable> tables;
    private final Consumer<SnapshotSplit> chunkMade;
    private final Runnable batchDone;

    private final Deque<TableId> tablesToSplit = new ArrayDeque<>();
    private Optional<SplittingCursor> cursor;
    private boolean inFlight;
    private volatile ChunkSplitter splitter;
    private volatile TableId splitterTable;

    /**
     * @param tables the captured table of an id
     * @param chunkMade receives each new chunk, in order, on the coordinator thread
     * @param batchDone runs on the coordinator thread after each batch's chunks were handed on
     */
    BackgroundSplitting(SplitEnumeratorContext<CdcSplit> context, SourceDialect<?, ?> dialect, List<TableId> tablesToSplit, Optional<SplittingCursor> cursor,
            Function<TableId, CapturedTable> tables, Consumer<SnapshotSplit> chunkMade, Runnable batchDone) {
        this.context = requireNonNull(context, "context is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.tablesToSplit.addAll(requireNonNull(tablesToSplit, "tablesToSplit is null"));
        this.cursor = requireNonNull(cursor, "cursor is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.chunkMade = requireNonNull(chunkMade, "chunkMade is null");
        this.batchDone = requireNonNull(batchDone, "batchDone is null");
    }

    void add(TableId table) {
        tablesToSplit.add(table);
    }

    /** Forgets tables no longer captured that are waiting to be split (one being split finishes; its chunks are ignored). */
    void removeWaiting(Set<TableId> tables) {
        tablesToSplit.removeAll(tables);
    }

    /** Splits the next batch in the background unless one is under way or {@code pendingChunks} are enough for now. */
    void splitMore(int pendingChunks) {
        int wanted = Math.max(4, 2 * context.currentParallelism());
        if (inFlight || pendingChunks >= wanted) {
            return;
        }
        if (cursor.isEmpty()) {
            if (tablesToSplit.isEmpty()) {
                return;
            }
            cursor = Optional.of(SplittingCursor.start(tablesToSplit.poll()));
        }
        SplittingCursor from = cursor.get();
        inFlight = true;
        context.callAsync(() -> splitBatch(from), this::onSplitBatch);
    }

    /** Whether every table is split into chunks. */
    boolean isDone() {
        return tablesToSplit.isEmpty() && cursor.isEmpty() && !inFlight;
    }

    /** Whether {@code table} waits to be split or is being split. */
    boolean waitingOrSplitting(TableId table) {
        return tablesToSplit.contains(table) || cursor.filter(c -> c.tableId().equals(table)).isPresent();
    }

    /** Tables whose splitting has not finished, the one being split included. */
    int tablesUnsplit() {
        return tablesToSplit.size() + (cursor.isPresent() ? 1 : 0);
    }

    List<TableId> tablesToSplit() {
        return new ArrayList<>(tablesToSplit);
    }

    Optional<SplittingCursor> cursor() {
        return cursor;
    }

    private record SplitBatch(SplittingCursor from, List<ChunkRange> ranges, boolean tableDone) {}

    private SplitBatch splitBatch(SplittingCursor from) {
        if (splitter == null || !from.tableId().equals(splitterTable)) {
            close();
            splitter = dialect.createChunkSplitter(tables.apply(from.tableId()), from.lastUpperBound());
            splitterTable = from.tableId();
        }
        List<ChunkRange> ranges = new ArrayList<>();
        boolean done = false;
        while (ranges.size() < CHUNKS_PER_SPLITTING_CALL) {
            Optional<ChunkRange> next = splitter.next();
            if (next.isEmpty()) {
                done = true;
                close();
                break;
            }
            ranges.add(next.get());
        }
        return new SplitBatch(from, ranges, done);
    }

    private void onSplitBatch(SplitBatch batch, Throwable error) {
        inFlight = false;
        if (error != null) {
            // The batch is null when the split call threw; the cursor still names the table it was splitting.
            String table = cursor.map(c -> c.tableId().toString()).orElse("(unknown)");
            throw FatalFailures.suppressRestartsIfFatal(new IllegalStateException("Splitting table " + table + " failed: " + error.getMessage(), error));
        }
        SplittingCursor from = batch.from();
        CapturedTable table = tables.apply(from.tableId());
        int index = from.nextChunkIndex();
        Optional<Object[]> upper = from.lastUpperBound();
        for (ChunkRange range : batch.ranges()) {
            chunkMade.accept(SnapshotSplit.fresh(table, index++, range));
            upper = range.upper().map(KeyBound::key);
        }
        if (batch.tableDone()) {
            cursor = Optional.empty();
            LOG.info("Split table {} into {} chunks", from.tableId(), index);
        } else {
            cursor = Optional.of(new SplittingCursor(from.tableId(), upper, index));
        }
        batchDone.run();
    }

    /** Closes the dialect's splitter, if one is open. */
    void close() {
        ChunkSplitter current = splitter;
        splitter = null;
        splitterTable = null;
        if (current != null) {
            current.close();
        }
    }
}
