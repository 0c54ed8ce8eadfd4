package io.tributary.core.source.contract;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table the contract suite asks a source to create, described without any storage's syntax:
 * key columns and value columns of neutral kinds. Rows are maps from column name to value. The key
 * is the table's primary key, or, when {@code keyIsPrimary} is false, NOT NULL columns with a
 * unique index of their own in a table without primary key (chunked by
 * {@code scan.incremental.snapshot.chunk.key-column}).
 */
public record TableSpec(String name, List<ColumnSpec> keyColumns, List<ColumnSpec> valueColumns, boolean keyIsPrimary) {
    public TableSpec {
        requireNonNull(name, "name is null");
        keyColumns = List.copyOf(requireNonNull(keyColumns, "keyColumns is null"));
        valueColumns = List.copyOf(requireNonNull(valueColumns, "valueColumns is null"));
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("the contract's tables have a key; a keyless table has a unique key instead");
        }
    }

    /** A table with this primary key. */
    public TableSpec(String name, List<ColumnSpec> keyColumns, List<ColumnSpec> valueColumns) {
        this(name, keyColumns, valueColumns, true);
    }

    /** The same columns in a table without primary key, the key columns NOT NULL and unique. */
    public TableSpec withoutPrimaryKey() {
        return new TableSpec(name, keyColumns, valueColumns, false);
    }

    /** The kinds of value the scenarios store; each maps to one model type and one Java class. */
    public enum ValueKind {
        /** A 32-bit signed integer, read back as {@link Integer}. */
        INTEGER,
        /** Unbounded text, read back as {@link String}. */
        TEXT
    }

    public record ColumnSpec(String name, ValueKind kind) {
        public ColumnSpec {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
        }
    }

    public static ColumnSpec integer(String name) {
        return new ColumnSpec(name, ValueKind.INTEGER);
    }

    public static ColumnSpec text(String name) {
        return new ColumnSpec(name, ValueKind.TEXT);
    }

    /** Key columns first, then value columns. */
    public List<ColumnSpec> columns() {
        List<ColumnSpec> all = new ArrayList<>(keyColumns);
        all.addAll(valueColumns);
        return all;
    }

    /** The key part of a row, as a map in key-column order. */
    public Map<String, Object> keyOf(Map<String, Object> row) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (ColumnSpec column : keyColumns) {
            key.put(column.name(), row.get(column.name()));
        }
        return key;
    }

    /** The key values of a row in key-column order, as the collected target indexes rows. */
    public List<Object> keyValues(Map<String, Object> row) {
        return List.copyOf(keyOf(row).values());
    }
}
