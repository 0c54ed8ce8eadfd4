package io.tributary.core.source.reader;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.KeyBound;
import io.tributary.core.source.split.StreamSplit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Exactly once while chunks are read beside the stream, for a sink that rolls back: decides, as
 * the stream's reader hands each change on, whether a chunk already holds it or will.
 *
 * <p>The reader reads each chunk between its reads of the log, under a view that holds every
 * change handed on before it ({@link SourceDialect#viewHoldsStream}). So for a table whose chunks
 * are still being read:
 * <ul>
 *   <li>a change to a key whose chunk is not read yet is dropped: that chunk's view, opened later,
 *       holds it, and the chunk's row carries it;</li>
 *   <li>a change to a key of a chunk already read is dropped if that chunk's view holds it
 *       ({@link SourceDialect#viewHoldsChange}: the stream may lag the view) and emitted after the
 *       chunk's rows otherwise.</li>
 * </ul>
 * Every change thus reaches the sink once, after the row it follows, on the one channel the
 * reader emits both on. The decision is taken at hand-on, not where the log is decoded, because
 * a decoder reading ahead cannot know which chunks will have been read by then.
 *
 * <p>Which tables are still being read is told by the parts the stream split and restored chunks
 * carry: a table chunked by a key of its rows whose finished parts do not yet cover every key.
 * When the stream starts after the whole snapshot, every table is covered and nothing is decided
 * here (the stream's own coverage does it). A part finished in this run is added with the marker
 * of the view it was read under; the same part goes into the stream split's checkpoints, so a
 * restart decides the same way.
 */
final class ChangesBesideChunks<P extends Comparable<P>, M> {
    private final SimpleVersionedSerializer<M> markerSerializer;
    private final BiPredicate<M, StreamRecord<P>> viewHoldsChange;
    private final Map<TableId, TableParts<M>> tablesBeingRead = new HashMap<>();
    private final Map<TableId, TableSchema> schemas;
    private final Map<TableId, ChunkKey> chunkKeys;
    /** Where each table's chunk key is in its rows, under its current schema; found once per schema, not per change. */
    private final Map<TableId, int[]> keyIndexes = new HashMap<>();

    private ChangesBesideChunks(SimpleVersionedSerializer<M> markerSerializer, BiPredicate<M, StreamRecord<P>> viewHoldsChange,
            Map<TableId, TableSchema> schemas, Map<TableId, ChunkKey> chunkKeys) {
        this.markerSerializer = markerSerializer;
        this.viewHoldsChange = viewHoldsChange;
        this.schemas = new HashMap<>(schemas);
        this.chunkKeys = chunkKeys;
    }

    /**
     * The tables of {@code split} that are still being read, with the parts finished before
     * (the split's ranges and {@code restoredParts}, those of chunks a checkpoint caught midway).
     */
    static <P extends Comparable<P>, M> ChangesBesideChunks<P, M> of(SourceDialect<P, M> dialect, StreamSplit split, List<FinishedChunk> restoredParts) {
        requireNonNull(dialect, "dialect is null");
        return of(split, restoredParts, dialect.markerSerializer(), dialect::chunkKeyOrder, dialect::viewHoldsChange);
    }

    /** {@link #of(SourceDialect, StreamSplit, List)} with the dialect's parts given one by one. */
    static <P extends Comparable<P>, M> ChangesBesideChunks<P, M> of(StreamSplit split, List<FinishedChunk> restoredParts,
            SimpleVersionedSerializer<M> markerSerializer, BiFunction<TableSchema, ChunkKey, ChunkKeyOrder> keyOrders,
            BiPredicate<M, StreamRecord<P>> viewHoldsChange) {
        ChangesBesideChunks<P, M> changes = new ChangesBesideChunks<>(markerSerializer, viewHoldsChange, split.schemas(), split.chunkKeys());
        Map<TableId, List<Part<M>>> parts = new HashMap<>();
        Map<EncodedValue, M> decoded = new HashMap<>();
        for (FinishedRange range : split.finishedRanges()) {
            parts.computeIfAbsent(range.tableId(), t -> new ArrayList<>())
                    .add(new Part<>(range.range(), decoded.computeIfAbsent(range.marker(), m -> m.decode(markerSerializer))));
        }
        for (FinishedChunk chunk : restoredParts) {
            parts.computeIfAbsent(chunk.tableId(), t -> new ArrayList<>())
                    .add(new Part<>(chunk.range(), decoded.computeIfAbsent(chunk.marker(), m -> m.decode(markerSerializer))));
        }
        for (Map.Entry<TableId, ChunkKey> entry : split.chunkKeys().entrySet()) {
            TableId table = entry.getKey();
            TableSchema schema = split.schemas().get(table);
            if (entry.getValue().isNone() || entry.getValue().synthetic() || schema == null || !schema.hasPrimaryKey()) {
                continue; // read whole or by a key its rows do not hold: never beside the stream
            }
            TableParts<M> tableParts = new TableParts<>(keyOrders.apply(schema, entry.getValue()));
            parts.getOrDefault(table, List.of()).forEach(tableParts::add);
            if (!tableParts.coversEveryKey()) {
                changes.tablesBeingRead.put(table, tableParts);
            }
        }
        return changes;
    }

    /** Whether any table is still being read: otherwise every change passes unchanged. */
    boolean deciding() {
        return !tablesBeingRead.isEmpty();
    }

    /** The part {@code range} of a table was read (its rows emitted) under a view with {@code marker}. */
    void partRead(TableId table, ChunkRange range, M marker) {
        TableParts<M> parts = tablesBeingRead.get(table);
        if (parts != null) {
            parts.add(new Part<>(range, marker));
        }
    }

    /** Parts of chunks read before a restart, handed to this reader again. */
    void partsRead(List<FinishedChunk> chunks) {
        for (FinishedChunk chunk : chunks) {
            partRead(chunk.tableId(), chunk.range(), chunk.marker().decode(markerSerializer));
        }
    }

    /**
     * The record to hand on: {@code record} itself, a progress record at its position when a chunk
     * holds its change or will, or (an update that moved a row from one chunk to another) the
     * half that no chunk holds, as a delete of the old key or an insert of the new one.
     */
    StreamRecord<P> decide(StreamRecord<P> record) {
        if (record.event().isEmpty()) {
            return record;
        }
        Event event = record.event().get();
        if (event instanceof SchemaChangeEvent schemaChange && schemaChange.schemaAfter() != null) {
            schemas.put(schemaChange.tableId(), schemaChange.schemaAfter());
            keyIndexes.remove(schemaChange.tableId());
            return record;
        }
        if (!(event instanceof DataChangeEvent change) || !tablesBeingRead.containsKey(change.tableId())) {
            return record;
        }
        TableParts<M> parts = tablesBeingRead.get(change.tableId());
        Object[] afterKey = change.after().map(row -> keyOf(change, parts, row)).orElse(null);
        Object[] beforeKey = change.before().map(row -> keyOf(change, parts, row)).orElse(null);
        boolean keepAfter = afterKey != null && emits(parts, afterKey, record);
        boolean keepBefore = beforeKey != null && emits(parts, beforeKey, record);
        boolean keyMoved = beforeKey != null && afterKey != null && parts.order.compare(beforeKey, afterKey) != 0;
        if (!keyMoved) {
            boolean keep = change.after().isPresent() ? keepAfter : keepBefore;
            return keep ? record : StreamRecord.progress(record.positionAfter());
        }
        if (keepBefore && keepAfter) {
            return record;
        }
        if (keepBefore) {
            return StreamRecord.of(DataChangeEvent.delete(change.tableId(), change.before().get(), change.sourceTimestampMillis())
                    .withSourcePosition(change.sourcePosition()), record.positionAfter());
        }
        if (keepAfter) {
            return StreamRecord.of(DataChangeEvent.insert(change.tableId(), change.after().get(), change.sourceTimestampMillis())
                    .withSourcePosition(change.sourcePosition()), record.positionAfter());
        }
        return StreamRecord.progress(record.positionAfter());
    }

    /** Whether the change of {@code row}'s key goes on: its chunk is read, and under a view that lacks the change. */
    private boolean emits(TableParts<M> parts, Object[] key, StreamRecord<P> record) {
        Optional<M> marker = parts.markerFor(key);
        return marker.isPresent() && !viewHoldsChange.test(marker.get(), record);
    }

    private Object[] keyOf(DataChangeEvent change, TableParts<M> parts, Object[] row) {
        int[] indexes = keyIndexes.computeIfAbsent(change.tableId(), table -> chunkKeys.get(table).indexesIn(schemas.get(table)));
        return parts.order.boundOf(ChunkKey.valuesOf(row, indexes));
    }

    private record Part<M>(ChunkRange range, M marker) {}

    /** A table's finished parts by lower bound. */
    private static final class TableParts<M> {
        private final ChunkKeyOrder order;
        private final TreeMap<Optional<KeyBound>, Part<M>> byLower;

        TableParts(ChunkKeyOrder order) {
            this.order = order;
            this.byLower = new TreeMap<>(lowerBoundOrder(order));
        }

        void add(Part<M> part) {
            byLower.put(part.range().lower(), part);
        }

        Optional<M> markerFor(Object[] key) {
            var floor = byLower.floorEntry(Optional.of(new KeyBound(key, true)));
            if (floor == null || !belowUpper(key, floor.getValue().range().upper())) {
                return Optional.empty();
            }
            return Optional.of(floor.getValue().marker());
        }

        private boolean belowUpper(Object[] key, Optional<KeyBound> upper) {
            if (upper.isEmpty()) {
                return true;
            }
            int c = order.compare(key, upper.get().key());
            return c < 0 || (c == 0 && upper.get().inclusive());
        }

        /** Whether the parts leave no key out: from no lower bound to no upper bound, each starting where the one before ended. */
        boolean coversEveryKey() {
            Optional<KeyBound> end = null;
            for (Part<M> part : byLower.values()) {
                Optional<KeyBound> lower = part.range().lower();
                if (end == null ? lower.isPresent() : !meets(end, lower)) {
                    return false;
                }
                end = part.range().upper();
                if (end.isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a part starting at {@code lower} begins right where one ending at {@code upper} stops. */
        private boolean meets(Optional<KeyBound> upper, Optional<KeyBound> lower) {
            if (upper.isEmpty() || lower.isEmpty()) {
                return false;
            }
            return order.compare(upper.get().key(), lower.get().key()) == 0 && upper.get().inclusive() != lower.get().inclusive();
        }

        /** No lower bound first; at equal keys an inclusive bound before an exclusive one. */
        private static Comparator<Optional<KeyBound>> lowerBoundOrder(ChunkKeyOrder order) {
            return (a, b) -> {
                if (a.isEmpty() || b.isEmpty()) {
                    return a.isEmpty() ? (b.isEmpty() ? 0 : -1) : 1;
                }
                int c = order.compare(a.get().key(), b.get().key());
                return c != 0 ? c : Boolean.compare(!a.get().inclusive(), !b.get().inclusive());
            };
        }
    }
}
