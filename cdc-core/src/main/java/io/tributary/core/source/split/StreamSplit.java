package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.ChunkKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The change stream: where to resume, the current schema of every captured table, the chunk key
 * each table's snapshot was cut by, and the finished part of the snapshot, folded into key ranges
 * ({@link FinishedRanges}), whose markers decide which changes the snapshot already holds, and the
 * tables it reads again while it streams ({@link ReadAgain}), oldest request first.
 */
public record StreamSplit(EncodedValue position, Map<TableId, TableSchema> schemas, Map<TableId, ChunkKey> chunkKeys, List<FinishedRange> finishedRanges,
        List<ReadAgain> readAgain) implements CdcSplit {
    public static final String ID = "stream";

    public StreamSplit {
        requireNonNull(position, "position is null");
        schemas = Map.copyOf(requireNonNull(schemas, "schemas is null"));
        chunkKeys = Map.copyOf(requireNonNull(chunkKeys, "chunkKeys is null"));
        finishedRanges = List.copyOf(requireNonNull(finishedRanges, "finishedRanges is null"));
        readAgain = List.copyOf(requireNonNull(readAgain, "readAgain is null"));
    }

    /** A stream reading no table again. */
    public StreamSplit(EncodedValue position, Map<TableId, TableSchema> schemas, Map<TableId, ChunkKey> chunkKeys, List<FinishedRange> finishedRanges) {
        this(position, schemas, chunkKeys, finishedRanges, List.of());
    }

    /** The chunk key of a table, none for a table the snapshot did not chunk. */
    public ChunkKey chunkKey(TableId table) {
        return chunkKeys.getOrDefault(table, ChunkKey.none());
    }

    /**
     * This split with the tables of {@code joining} (schemas, chunk keys, finished ranges) added and
     * the tables {@code left} removed; the position and the tables read again stay this split's.
     */
    public StreamSplit withTables(StreamSplit joining, Set<TableId> left) {
        Map<TableId, TableSchema> newSchemas = new LinkedHashMap<>(schemas);
        Map<TableId, ChunkKey> newChunkKeys = new LinkedHashMap<>(chunkKeys);
        List<FinishedRange> newRanges = new ArrayList<>(finishedRanges);
        newSchemas.putAll(joining.schemas());
        newChunkKeys.putAll(joining.chunkKeys());
        newRanges.addAll(joining.finishedRanges());
        newSchemas.keySet().removeAll(left);
        newChunkKeys.keySet().removeAll(left);
        newRanges.removeIf(range -> left.contains(range.tableId()));
        return new StreamSplit(position, newSchemas, newChunkKeys, newRanges, readAgain);
    }

    @Override
    public String splitId() {
        return ID;
    }
}
