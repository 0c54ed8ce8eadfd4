package io.tributary.core.source.dialect;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The tables' schemas by table, in the tables' order. */
    public static Map<TableId, TableSchema> schemas(List<CapturedTable> tables) {
        Map<TableId, TableSchema> schemas = new LinkedHashMap<>();
        tables.forEach(table -> schemas.put(table.tableId(), table.schema()));
        return schemas;
    }
}
