package io.tributary.source.jdbc.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import io.tributary.source.jdbc.JdbcSourceDialect;
import io.tributary.source.jdbc.snapshot.KeyLayout.KeyColumn;
import io.tributary.source.jdbc.snapshot.KeyLayout.Strategy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL of chunk reads and boundary sampling: keys compared as row values,
 * {@code (a, b) >= (?, ?)}, or column by column where the database compares no row values, and
 * sorted by the key columns themselves, the order of the key's index, so that the server resolves
 * both on that index.
 */
public final class KeyRangeQueries {
    private final JdbcSourceDialect<?, ?> dialect;

    public KeyRangeQueries(JdbcSourceDialect<?, ?> dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /** A statement text and the key values its parameters bind, in order. */
    public record Query(String sql, List<Object> parameters) {
        public Query {
            requireNonNull(sql, "sql is null");
            parameters = List.copyOf(parameters);
        }
    }

    /** Prepares {@code query} on {@code connection} and binds its parameters. */
    public PreparedStatement prepare(Connection connection, Query query) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(query.sql());
        try {
            for (int i = 0; i < query.parameters().size(); i++) {
                dialect.bindKeyValue(statement, i + 1, query.parameters().get(i));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Every column of the rows of {@code range}, in key order. */
    public Query chunk(TableId tableId, TableSchema schema, KeyLayout layout, ChunkRange range) {
        return chunk(dialect.qualifiedName(tableId), schema, layout, range, Optional.empty());
    }

    /**
     * Every column of the rows of {@code range} that meet {@code condition} (SQL of the source
     * database), in key order, read from {@code source}: the table's qualified name, or what the
     * dialect reads a chunk's view from (see {@link JdbcSourceDialect#chunkSource}).
     */
    public Query chunk(String source, TableSchema schema, KeyLayout layout, ChunkRange range, Optional<String> condition) {
        List<Object> parameters = new ArrayList<>();
        String columns = schema.columns().stream().map(dialect::selectExpression).collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ").append(source);
        if (layout.strategy() != Strategy.NO_KEY) {
            List<String> conditions = new ArrayList<>();
            range.lower().ifPresent(bound -> conditions.add(compare(layout, bound.inclusive() ? ">=" : ">", bound, parameters)));
            range.upper().ifPresent(bound -> conditions.add(compare(layout, bound.inclusive() ? "<=" : "<", bound, parameters)));
            condition.ifPresent(sqlCondition -> conditions.add("(" + sqlCondition + ")"));
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
    public Query boundary(TableId tableId, KeyLayout layout, Optional<Object[]> lower, int offset) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(orderBy(layout)).append(" FROM ").append(dialect.qualifiedName(tableId));
        lower.ifPresent(key -> sql.append(" WHERE ").append(compare(layout, ">=", new KeyBound(key, true), parameters)));
        sql.append(" ORDER BY ").append(orderBy(layout)).append(dialect.rowAtOffset(offset));
        return new Query(sql.toString(), parameters);
    }

    /** The smallest and largest value of a single-column key. */
    public String minMax(TableId tableId, KeyLayout layout) {
        String key = layout.columns().get(0).expression();
        return "SELECT min(" + key + "), max(" + key + ") FROM " + dialect.qualifiedName(tableId);
    }

    private String compare(KeyLayout layout, String operator, KeyBound bound, List<Object> parameters) {
        List<KeyColumn> columns = layout.columns();
        if (bound.key().length != columns.size()) {
            throw new IllegalArgumentException("key bound " + bound + " has " + bound.key().length + " values for " + columns.size() + " key columns");
        }
        if (columns.size() > 1 && !dialect.comparesRowValues()) {
            return compareColumnByColumn(columns, operator, bound, parameters);
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

    /**
     * {@code (a, b) >= (x, y)} written out: {@code a >= x AND (a > x OR a = x AND b >= y)}, the
     * leading comparison of the first column letting the server scan the key's index from there.
     */
    private static String compareColumnByColumn(List<KeyColumn> columns, String operator, KeyBound bound, List<Object> parameters) {
        String strict = operator.substring(0, 1);
        String leading = strict + "=";
        KeyColumn first = columns.get(0);
        parameters.add(bound.key()[0]);
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                terms.add(columns.get(j).expression() + " = " + columns.get(j).parameterExpression());
                parameters.add(bound.key()[j]);
            }
            String last = i == columns.size() - 1 ? operator : strict;
            terms.add(columns.get(i).expression() + " " + last + " " + columns.get(i).parameterExpression());
            parameters.add(bound.key()[i]);
            alternatives.add(String.join(" AND ", terms));
        }
        return first.expression() + " " + leading + " " + first.parameterExpression() + " AND (" + String.join(" OR ", alternatives) + ")";
    }

    private static String orderBy(KeyLayout layout) {
        return layout.columns().stream().map(KeyColumn::expression).collect(Collectors.joining(", "));
    }
}
