package io.tributary.core.source.dialect;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableSchema;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;

/**
 * What a table's snapshot chunks are cut by and resumed after: columns of the row, in key order,
 * whose values identify a row (a primary key, a unique not-null column, a document's
 * {@code _id}). A table with no chunk key is read as one whole-table chunk that cannot resume
 * part-way. The framework keeps chunk bounds, resume points and the stream's chunk lookups in
 * terms of this key, never of {@link TableSchema#primaryKey()}.
 */
public record ChunkKey(List<String> columns) implements Serializable {
    private static final ChunkKey NONE = new ChunkKey(List.of());

    public ChunkKey {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("chunk key names a column twice: " + columns);
        }
    }

    /** No chunk key: the table is one whole-table chunk. */
    public static ChunkKey none() {
        return NONE;
    }

    public static ChunkKey of(List<String> columns) {
        return columns.isEmpty() ? NONE : new ChunkKey(columns);
    }

    /** The table's primary key, or none when it has none. */
    public static ChunkKey primaryKeyOf(TableSchema schema) {
        return of(schema.primaryKey());
    }

    public boolean isNone() {
        return columns.isEmpty();
    }

    /** Positions of the key's columns in a row of {@code schema}, in key order. */
    public int[] indexesIn(TableSchema schema) {
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
        return isNone() ? "(none)" : String.join(", ", columns);
    }
}
