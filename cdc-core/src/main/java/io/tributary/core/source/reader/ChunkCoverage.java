package io.tributary.core.source.reader;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.KeyBound;
import io.tributary.core.spi.SinkRecovery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Finds the marker the stream compares a change against, by binary search over each table's
 * finished chunk ranges.
 *
 * <p>For a sink that {@linkplain SinkRecovery#ROLLS_BACK rolls back}, every part of every chunk
 * answers with the marker it was read under, so each change is emitted exactly once: nothing the
 * failed run wrote after its last checkpoint is visible.
 *
 * <p>For a sink where {@linkplain SinkRecovery#REPLAY_CONVERGES replays converge}, no chunk of a table
 * with a primary key (which the sink upserts by) answers: every change the stream reads from its
 * start is emitted for such a table. A chunk re-read under a newer epoch after a crash may
 * already have reached the sink in a failed run, as of an older epoch, even one no finished chunk
 * records (a run killed before its first checkpoint leaves no state, yet its writes stay in the
 * target); replaying every change since the stream's start, which precedes every epoch, brings
 * every key to its latest value in an upsert sink (a deleted row is deleted again) instead of
 * leaving rows that vanished in between. A table without a primary key cannot converge that way (the sink only
 * appends and deletes whole rows), so every part keeps its own marker: a table without a chunk key
 * is one chunk that the sink empties before it is read and gets no change twice; one chunked by a
 * unique column gets each change once per part, as a rolling-back sink does.
 */
final class ChunkCoverage<M> implements SnapshotCoverage<M> {
    private final Map<TableId, TableChunks<M>> tables = new HashMap<>();
    /** Tables whose every change is emitted (see the class comment). */
    private final java.util.Set<TableId> replayedTables = new java.util.HashSet<>();
    private final List<M> markers;
    private final Function<TableId, ChunkKey> chunkKeys;
    private final Function<TableId, ChunkKeyOrder> keyOrders;
    private final Map<TableId, ChunkKeyOrder> orders = new HashMap<>();

    /**
     * @param upserted whether the sink writes a table by a primary key (so replays converge)
     */
    ChunkCoverage(List<FinishedRange> chunks, SimpleVersionedSerializer<M> markerSerializer, Function<TableId, ChunkKeyOrder> keyOrders,
            Function<TableId, ChunkKey> chunkKeys, Predicate<TableId> upserted, SinkRecovery sinkRecovery) {
        this.chunkKeys = chunkKeys;
        this.keyOrders = keyOrders;
        Predicate<TableId> replayedFromStart = sinkRecovery == SinkRecovery.ROLLS_BACK
                ? table -> false
                : table -> upserted.test(table) && !chunkKeys.apply(table).isNone();
        Map<io.tributary.core.source.split.EncodedValue, M> decoded = new LinkedHashMap<>();
        Map<TableId, List<Part<M>>> parts = new HashMap<>();
        for (FinishedRange chunk : chunks) {
            if (replayedFromStart.test(chunk.tableId())) {
                replayedTables.add(chunk.tableId());
                continue;
            }
            M marker = decoded.computeIfAbsent(chunk.marker(), encoded -> encoded.decode(markerSerializer));
            parts.computeIfAbsent(chunk.tableId(), id -> new ArrayList<>()).add(new Part<>(chunk.range(), marker));
        }
        this.markers = List.copyOf(decoded.values());
        parts.forEach((table, list) -> tables.put(table, new TableChunks<>(list, orderOf(table))));
    }

    @Override
    public Collection<M> markers() {
        return markers;
    }

    @Override
    public ChunkKey chunkKey(TableId tableId) {
        return chunkKeys.apply(tableId);
    }

    /** The row's chunk key in bound form (the dialect's {@link ChunkKeyOrder}), looked up among the chunks. */
    @Override
    public Optional<M> markerForRow(TableId tableId, TableSchema schema, Object[] row) {
        if (chunkKey(tableId).synthetic()) {
            throw new IllegalArgumentException("the chunk key of " + tableId + " is synthetic (" + chunkKey(tableId)
                    + "), not a column of its rows: look its chunks up with markerFor and the key the log gives");
        }
        Object[] values = ChunkKey.valuesOf(row, chunkKey(tableId).indexesIn(schema));
        return markerFor(tableId, orderOf(tableId).boundOf(values));
    }

    private ChunkKeyOrder orderOf(TableId tableId) {
        return orders.computeIfAbsent(tableId, keyOrders);
    }

    @Override
    public boolean replaysFromStreamStart() {
        return !replayedTables.isEmpty();
    }

    @Override
    public Optional<M> markerFor(TableId tableId, Object[] chunkKey) {
        if (replayedTables.contains(tableId)) {
            // Every change of a keyed table is emitted (see the class comment), so no key has to
            // be located, whatever order the database sorts keys in.
            return Optional.empty();
        }
        TableChunks<M> chunks = tables.get(tableId);
        return chunks == null ? Optional.empty() : chunks.find(chunkKey);
    }

    private record Part<M>(ChunkRange range, M marker) {}

    private static final class TableChunks<M> {
        private final List<Part<M>> parts;
        private final Comparator<Object[]> comparator;

        TableChunks(List<Part<M>> unsorted, Comparator<Object[]> comparator) {
            this.comparator = comparator;
            List<Part<M>> sorted = new ArrayList<>(unsorted);
            sorted.sort((a, b) -> compareLower(a.range().lower(), b.range().lower()));
            this.parts = sorted;
        }

        private int compareLower(Optional<KeyBound> a, Optional<KeyBound> b) {
            if (a.isEmpty() || b.isEmpty()) {
                return a.isEmpty() ? (b.isEmpty() ? 0 : -1) : 1;
            }
            int c = comparator.compare(a.get().key(), b.get().key());
            if (c != 0) {
                return c;
            }
            return Boolean.compare(!a.get().inclusive(), !b.get().inclusive());
        }

        Optional<M> find(Object[] key) {
            if (key.length == 0) {
                return parts.isEmpty() ? Optional.empty() : Optional.of(parts.get(0).marker());
            }
            int low = 0;
            int high = parts.size() - 1;
            int candidate = -1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (atOrAboveLower(key, parts.get(mid).range().lower())) {
                    candidate = mid;
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            if (candidate < 0 || !belowUpper(key, parts.get(candidate).range().upper())) {
                return Optional.empty();
            }
            return Optional.of(parts.get(candidate).marker());
        }

        private boolean atOrAboveLower(Object[] key, Optional<KeyBound> lower) {
            if (lower.isEmpty()) {
                return true;
            }
            int c = comparator.compare(key, lower.get().key());
            return c > 0 || (c == 0 && lower.get().inclusive());
        }

        private boolean belowUpper(Object[] key, Optional<KeyBound> upper) {
            if (upper.isEmpty()) {
                return true;
            }
            int c = comparator.compare(key, upper.get().key());
            return c < 0 || (c == 0 && upper.get().inclusive());
        }
    }
}
