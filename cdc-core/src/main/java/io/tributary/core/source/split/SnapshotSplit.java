package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.List;

/**
 * A snapshot chunk: the key range still to read, plus the parts of the chunk already emitted
 * before a checkpoint (each with its epoch marker). {@code truncateBeforeRead} is set for a
 * whole-table chunk of a table without a key that was interrupted: its rows cannot be resumed by
 * key, so the sink is told to empty the table before the chunk is read again.
 */
public record SnapshotSplit(String splitId, TableId tableId, TableSchema schema, ChunkRange range, List<FinishedChunk> finishedParts, boolean truncateBeforeRead)
        implements CdcSplit {
    public SnapshotSplit {
        requireNonNull(splitId, "splitId is null");
        requireNonNull(tableId, "tableId is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(range, "range is null");
        finishedParts = List.copyOf(requireNonNull(finishedParts, "finishedParts is null"));
    }

    public static SnapshotSplit fresh(TableId tableId, TableSchema schema, int chunkIndex, ChunkRange range) {
        return new SnapshotSplit(tableId.identifier() + "#" + chunkIndex, tableId, schema, range, List.of(), false);
    }

    @Override
    public String splitId() {
        return splitId;
    }
}
