package io.tributary.core.source.contract;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table the contract suite asks a source to create, described without any storage's syntax:
 * key columns and value columns of neutral kinds. Rows are maps from column name to value.
 */
public record TableSpec(String name, List<ColumnSpec> keyColumns, List<ColumnSpec> valueColumns) {
    public TableSpec {
        requireNonNull(name, "name is null");
        keyColumns = List.copyOf(requireNonNull(keyColumns, "keyColumns is null"));
        valueColumns = List.copyOf(requireNonNull(valueColumns, "valueColumns is null"));
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("the contract's tables have a key; keyless tables need a chunk key column");
        }
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
