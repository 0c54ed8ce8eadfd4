package io.tributary.core.source.dialect;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableSchema;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;

/**
 * What a table's snapshot chunks are cut by and resumed after: columns of the row, in key order,
 * whose values identify a row (a primary key, a unique not-null column, a document's
 * {@code _id}), or a synthetic key the database gives every row without it being a column (an
 * Oracle ROWID). A table with no chunk key is read as one whole-table chunk that cannot resume
 * part-way. The framework keeps chunk bounds, resume points and the stream's chunk lookups in
 * terms of this key, never of {@link TableSchema#primaryKey()}.
 *
 * <p>A chunk reader of a table with a synthetic key appends the key's value to each row, after
 * the schema's columns; the framework uses it for resume points and drops it before the row is
 * emitted. The stream, whose changes do not carry it as a column, looks chunks up by the value the
 * log gives ({@link SnapshotCoverage#markerFor}).
 *
 * @param columns the key's column names in key order (for a synthetic key, its one name)
 * @param synthetic whether the key is not a column of the row but appended by the chunk reader
 */
public record ChunkKey(List<String> columns, boolean synthetic) implements Serializable {
    private static final ChunkKey NONE = new ChunkKey(List.of(), false);

    public ChunkKey {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("chunk key names a column twice: " + columns);
        }
        if (synthetic && columns.size() != 1) {
            throw new IllegalArgumentException("a synthetic chunk key has one name: " + columns);
        }
    }

    /** No chunk key: the table is one whole-table chunk. */
    public static ChunkKey none() {
        return NONE;
    }

    /** The columns of the row in key order (none when empty). */
    public static ChunkKey of(List<String> columns) {
        return columns.isEmpty() ? NONE : new ChunkKey(columns, false);
    }

    /** A key the database gives each row (e.g. {@code ROWID}), appended by the chunk reader after the row's columns. */
    public static ChunkKey synthetic(String name) {
        return new ChunkKey(List.of(requireNonNull(name, "name is null")), true);
    }

    /** The table's primary key, or none when it has none. */
    public static ChunkKey primaryKeyOf(TableSchema schema) {
        return of(schema.primaryKey());
    }

    public boolean isNone() {
        return columns.isEmpty();
    }

    /**
     * Positions of the key's values in a row of {@code schema} as a chunk reader returns it, in key
     * order: the columns' positions, or for a synthetic key the position after the last column.
     */
    public int[] indexesIn(TableSchema schema) {
        if (synthetic) {
            return new int[] {schema.columns().size()};
        }
        int[] indexes = new int[columns.size()];
        for (int i = 0; i < indexes.length; i++) {
            String column = columns.get(i);
            indexes[i] = schema.indexOf(column)
                    .orElseThrow(() -> new IllegalArgumentException("chunk key column " + column + " is not a column of the table"));
        }
        return indexes;
    }

    /** The key's values in {@code row} (a row of the schema {@code indexes} were taken from). */
    public static Object[] valuesOf(Object[] row, int[] indexes) {
        Object[] key = new Object[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            key[i] = row[indexes[i]];
        }
        return key;
    }

    @Override
    public String toString() {
        return isNone() ? "(none)" : String.join(", ", columns) + (synthetic ? " (synthetic)" : "");
    }
}
