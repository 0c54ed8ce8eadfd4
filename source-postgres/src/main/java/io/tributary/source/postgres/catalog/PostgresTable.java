package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import java.util.List;

/**
 * A discovered table: its schema (of the columns whose types are supported), the columns whose
 * types are not, and what validation checks.
 *
 * @param tableId database.schema.table
 * @param schema the supported columns and the primary key
 * @param unsupportedColumns columns of types the source cannot read
 * @param estimatedRows the planner's estimate, or an exact count for small never-analyzed tables
 * @param replicaIdentity {@code relreplident}: d default, f full, i index, n nothing
 * @param selectable whether the user may SELECT from the table
 */
public record PostgresTable(TableId tableId, TableSchema schema, List<UnsupportedColumn> unsupportedColumns, long estimatedRows,
        char replicaIdentity, boolean selectable) {

    public PostgresTable {
        requireNonNull(tableId, "tableId is null");
        requireNonNull(schema, "schema is null");
        unsupportedColumns = List.copyOf(requireNonNull(unsupportedColumns, "unsupportedColumns is null"));
    }

    /** A column whose type has no model mapping. */
    public record UnsupportedColumn(String name, String sqlType) {
        public UnsupportedColumn {
            requireNonNull(name, "name is null");
            requireNonNull(sqlType, "sqlType is null");
        }
    }

    /** The table as the snapshot captures it, chunked by {@code chunkKey}. */
    public CapturedTable toCapturedTable(ChunkKey chunkKey) {
        return new CapturedTable(tableId, schema, chunkKey, estimatedRows);
    }

    /** The table name as SQL writes it: {@code "schema"."table"}. */
    public String sqlName() {
        return SqlNames.table(tableId);
    }
}
