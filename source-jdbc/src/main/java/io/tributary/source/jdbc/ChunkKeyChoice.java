package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.ChunkKey;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Decides the chunk key of each discovered table: its primary key, else the column
 * {@link ChunkKeyColumns} names for it once the database confirms that column is NOT NULL and
 * unique on its own (so that chunk bounds and resume points identify rows), else none.
 */
public final class ChunkKeyChoice {
    /** What the database says of a column a chunk key is asked for. */
    public record ColumnFacts(boolean exists, boolean notNull, boolean uniqueAlone) {}

    /** Looks up the facts of one column of one table (one catalog query). */
    @FunctionalInterface
    public interface ColumnInspector {
        ColumnFacts inspect(TableId table, String column) throws SQLException;
    }

    private final ChunkKeyColumns columns;
    private final ColumnInspector inspector;

    public ChunkKeyChoice(ChunkKeyColumns columns, ColumnInspector inspector) {
        this.columns = requireNonNull(columns, "columns is null");
        this.inspector = requireNonNull(inspector, "inspector is null");
    }

    /** The chunk key of {@code table}; fails with {@code SOURCE_TABLE_UNSUPPORTED} saying what to change when the named column cannot serve. */
    public ChunkKey chunkKeyOf(TableId table, TableSchema schema) throws SQLException {
        if (schema.hasPrimaryKey()) {
            if (columns.namesExplicitly(table)) {
                String named = columns.columnFor(table).orElseThrow();
                if (!List.of(named).equals(schema.primaryKey())) {
                    throw refuse(table, named, "the table has the primary key (" + String.join(", ", schema.primaryKey())
                            + "), which its snapshot is always chunked by; the option applies to tables without a primary key");
                }
            }
            return ChunkKey.primaryKeyOf(schema);
        }
        Optional<String> named = columns.columnFor(table);
        if (named.isEmpty()) {
            return ChunkKey.none();
        }
        String column = named.get();
        ColumnFacts facts = inspector.inspect(table, column);
        if (!facts.exists() || schema.indexOf(column).isEmpty()) {
            throw refuse(table, column, "the table has no such column (its columns: " + String.join(", ", schema.columnNames()) + ")");
        }
        if (!facts.notNull()) {
            throw refuse(table, column, "the column may hold NULL; declare it NOT NULL or name another column");
        }
        if (!facts.uniqueAlone()) {
            throw refuse(table, column, "no unique index covers that column alone, so chunk bounds could not identify a row; "
                    + "create one (CREATE UNIQUE INDEX ... (" + column + ")) or name a column that has one");
        }
        return ChunkKey.of(List.of(column));
    }

    private static TributaryException refuse(TableId table, String column, String problem) {
        return new TributaryException(ErrorCode.SOURCE_TABLE_UNSUPPORTED, "Table " + table + " cannot be chunked by column '" + column + "' ("
                + ChunkKeyColumns.OPTION.key() + "): " + problem + ". Without the option the table is read as one chunk.");
    }
}
