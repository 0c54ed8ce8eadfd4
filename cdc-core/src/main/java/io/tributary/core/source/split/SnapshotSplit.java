package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import java.util.List;

/**
 * A snapshot chunk: the range of its table's chunk key still to read, plus the parts of the chunk
 * already emitted before a checkpoint (each with its epoch marker). {@code truncateBeforeRead} is
 * set for a whole-table chunk of a table without a chunk key that was interrupted: its rows cannot
 * be resumed by key, so the sink is told to empty the table before the chunk is read again.
 */
public record SnapshotSplit(String splitId, TableId tableId, TableSchema schema, ChunkKey chunkKey, ChunkRange range, List<FinishedChunk> finishedParts,
        boolean truncateBeforeRead) implements CdcSplit {
    public SnapshotSplit {
        requireNonNull(splitId, "splitId is null");
        requireNonNull(tableId, "tableId is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(chunkKey, "chunkKey is null");
        requireNonNull(range, "range is null");
        finishedParts = List.copyOf(requireNonNull(finishedParts, "finishedParts is null"));
    }

    public static SnapshotSplit fresh(TableId tableId, TableSchema schema, ChunkKey chunkKey, int chunkIndex, ChunkRange range) {
        return new SnapshotSplit(tableId.identifier() + "#" + chunkIndex, tableId, schema, chunkKey, range, List.of(), false);
    }

    /** Chunk number {@code chunkIndex} of a captured table, nothing of it read yet. */
    public static SnapshotSplit fresh(CapturedTable table, int chunkIndex, ChunkRange range) {
        return fresh(table.tableId(), table.schema(), table.chunkKey(), chunkIndex, range);
    }

    /** This chunk with {@code remaining} still to read after the {@code parts} already emitted. */
    public SnapshotSplit withProgress(ChunkRange remaining, List<FinishedChunk> parts, boolean truncate) {
        return new SnapshotSplit(splitId, tableId, schema, chunkKey, remaining, parts, truncate);
    }

    @Override
    public String splitId() {
        return splitId;
    }
}
