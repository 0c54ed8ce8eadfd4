package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The columns of a table in order, and its primary key (column names, possibly empty when the
 * table has none). Row values ({@code Object[]}) follow the column order.
 */
public record TableSchema(List<Column> columns, List<String> primaryKey) implements Serializable {

    public TableSchema {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        primaryKey = List.copyOf(requireNonNull(primaryKey, "primaryKey is null"));
        Set<String> names = new HashSet<>();
        for (Column column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("duplicate column " + column.name());
            }
        }
        for (String key : primaryKey) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException("primary key column " + key + " is not a column");
            }
        }
    }

    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }

    public OptionalInt indexOf(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    public Optional<Column> column(String columnName) {
        OptionalInt index = indexOf(columnName);
        return index.isPresent() ? Optional.of(columns.get(index.getAsInt())) : Optional.empty();
    }

    /** Positions of the primary-key columns in the row, in key order. */
    public int[] primaryKeyIndexes() {
        int[] indexes = new int[primaryKey.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = indexOf(primaryKey.get(i)).orElseThrow();
        }
        return indexes;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column column : columns) {
            names.add(column.name());
        }
        return names;
    }
}
