package io.tributary.source.mysql.snapshot;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SQL for chunk boundaries and chunk rows. Key ranges compare row constructors, {@code (a, b) >= (?, ?)},
 * which the server evaluates in each column's collation and resolves on the primary-key index.
 */
public final class ChunkQueries {
    private ChunkQueries() {}

    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    public static String qualified(TableId table) {
        return quote(table.database().orElseThrow()) + "." + quote(table.table());
    }

    /** Every column of the rows in {@code range}, in key order; the bound values go through {@link #bind}. */
    public static String selectRange(TableId table, TableSchema schema, ChunkKey key, ChunkRange range) {
        String columns = schema.columnNames().stream().map(ChunkQueries::quote).collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ").append(qualified(table));
        List<String> conditions = new ArrayList<>();
        range.lower().ifPresent(bound -> conditions.add(keyTuple(key) + (bound.inclusive() ? " >= " : " > ") + placeholders(key)));
        range.upper().ifPresent(bound -> conditions.add(keyTuple(key) + (bound.inclusive() ? " <= " : " < ") + placeholders(key)));
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        if (!key.isNone()) {
            sql.append(" ORDER BY ").append(keyList(key));
        }
        return sql.toString();
    }

    /** The key {@code offset} rows after {@code lower} (inclusive), or after the table's start. */
    public static String keyAtOffset(TableId table, ChunkKey key, boolean hasLower) {
        return "SELECT " + keyList(key) + " FROM " + qualified(table)
                + (hasLower ? " WHERE " + keyTuple(key) + " >= " + placeholders(key) : "")
                + " ORDER BY " + keyList(key) + " LIMIT 1 OFFSET ?";
    }

    /** Binds the bound values of {@code range} in the order {@link #selectRange} placed them. */
    public static void bind(PreparedStatement statement, ChunkRange range) throws SQLException {
        int index = 1;
        for (Optional<KeyBound> bound : List.of(range.lower(), range.upper())) {
            if (bound.isPresent()) {
                index = bindKey(statement, index, bound.get().key());
            }
        }
    }

    /** Binds one key tuple from parameter {@code index}; returns the next free index. */
    public static int bindKey(PreparedStatement statement, int index, Object[] key) throws SQLException {
        for (Object value : key) {
            // The session time zone is UTC, so an instant binds as its UTC wall-clock time.
            Object bindable = value instanceof OffsetDateTime instant ? instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : value;
            statement.setObject(index++, bindable);
        }
        return index;
    }

    private static String keyList(ChunkKey key) {
        return key.columns().stream().map(ChunkQueries::quote).collect(Collectors.joining(", "));
    }

    private static String keyTuple(ChunkKey key) {
        return key.columns().size() == 1 ? quote(key.columns().get(0)) : "(" + keyList(key) + ")";
    }

    private static String placeholders(ChunkKey key) {
        String marks = String.join(", ", java.util.Collections.nCopies(key.columns().size(), "?"));
        return key.columns().size() == 1 ? marks : "(" + marks + ")";
    }
}
