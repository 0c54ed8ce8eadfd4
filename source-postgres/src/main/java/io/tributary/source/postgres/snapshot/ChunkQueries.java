package io.tributary.source.postgres.snapshot;

import io.tributary.core.model.Column;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.source.postgres.catalog.KeyLayout;
import io.tributary.source.postgres.catalog.KeyLayout.KeyColumn;
import io.tributary.source.postgres.catalog.PostgresValueFormatter;
import io.tributary.source.postgres.catalog.SqlNames;
import io.tributary.source.postgres.catalog.KeyLayout.Strategy;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL of chunk reads and boundary sampling: keys compared as row values and sorted by the key
 * columns themselves, the primary-key index's order, so that both walk that index.
 */
final class ChunkQueries {
    private ChunkQueries() {}

    /** A statement text and the key values its parameters bind, in order. */
    record Query(String sql, List<Object> parameters) {
        PreparedStatement bind(PreparedStatement statement) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, PostgresValueFormatter.format(parameters.get(i)));
            }
            return statement;
        }
    }

    /** Every column of the rows of {@code range}, in key order. */
    static Query chunk(TableId tableId, TableSchema schema, KeyLayout layout, ChunkRange range) {
        List<Object> parameters = new ArrayList<>();
        String columns = schema.columns().stream().map(Column::name).map(SqlNames::quote).collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ").append(SqlNames.table(tableId));
        if (layout.strategy() != Strategy.NO_KEY) {
            List<String> conditions = new ArrayList<>();
            range.lower().ifPresent(bound -> conditions.add(compare(layout, bound.inclusive() ? ">=" : ">", bound, parameters)));
            range.upper().ifPresent(bound -> conditions.add(compare(layout, bound.inclusive() ? "<=" : "<", bound, parameters)));
            if (!conditions.isEmpty()) {
                sql.append(" WHERE ").append(String.join(" AND ", conditions));
            }
            sql.append(" ORDER BY ").append(orderBy(layout));
        }
        return new Query(sql.toString(), parameters);
    }

    /**
     * The key {@code offset} rows after {@code lower} (inclusive, or the table's start), i.e. the
     * first key of the next chunk.
     */
    static Query boundary(TableId tableId, KeyLayout layout, Optional<Object[]> lower, int offset) {
        List<Object> parameters = new ArrayList<>();
        String keys = layout.columns().stream().map(KeyColumn::name).map(SqlNames::quote).collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT ").append(keys).append(" FROM ").append(SqlNames.table(tableId));
        lower.ifPresent(key -> sql.append(" WHERE ").append(compare(layout, ">=", new KeyBound(key, true), parameters)));
        sql.append(" ORDER BY ").append(orderBy(layout)).append(" LIMIT 1 OFFSET ").append(offset);
        return new Query(sql.toString(), parameters);
    }

    /** The smallest and largest value of a single-column key. */
    static String minMax(TableId tableId, KeyLayout layout) {
        String key = layout.columns().get(0).expression();
        return "SELECT min(" + key + "), max(" + key + ") FROM " + SqlNames.table(tableId);
    }

    private static String compare(KeyLayout layout, String operator, KeyBound bound, List<Object> parameters) {
        List<KeyColumn> columns = layout.columns();
        if (bound.key().length != columns.size()) {
            throw new IllegalArgumentException("key bound " + bound + " has " + bound.key().length + " values for " + columns.size() + " key columns");
        }
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            left.add(columns.get(i).expression());
            right.add(columns.get(i).parameterExpression());
            parameters.add(bound.key()[i]);
        }
        if (columns.size() == 1) {
            return left.get(0) + " " + operator + " " + right.get(0);
        }
        return "(" + String.join(", ", left) + ") " + operator + " (" + String.join(", ", right) + ")";
    }

    private static String orderBy(KeyLayout layout) {
        return layout.columns().stream().map(KeyColumn::expression).collect(Collectors.joining(", "));
    }
}
