package io.tributary.core.source.dialect;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.io.Serializable;

/**
 * A table the source captures: its schema as discovered, the key its snapshot is chunked by
 * (see {@link ChunkKey}) and an estimate of its row count.
 */
public record CapturedTable(TableId tableId, TableSchema schema, ChunkKey chunkKey, long estimatedRows) implements Serializable {
    public CapturedTable {
        requireNonNull(tableId, "tableId is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(chunkKey, "chunkKey is null");
        chunkKey.indexesIn(schema);
    }

    /** A table chunked by its primary key (one whole-table chunk when it has none). */
    public static CapturedTable byPrimaryKey(TableId tableId, TableSchema schema, long estimatedRows) {
        return new CapturedTable(tableId, schema, ChunkKey.primaryKeyOf(schema), estimatedRows);
    }
}
