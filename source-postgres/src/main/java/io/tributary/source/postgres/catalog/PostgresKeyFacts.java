package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * What pgoutput does not say about a table: its primary key and which columns are NOT NULL, as the
 * catalog holds them now. The stream reads them for a table it sees for the first time.
 *
 * @param primaryKey the primary key's columns in key order; empty without one
 * @param notNull the columns declared NOT NULL
 */
public record PostgresKeyFacts(List<String> primaryKey, Set<String> notNull) {
    private static final String SQL = "SELECT a.attname, a.attnotnull, k.ord FROM pg_catalog.pg_attribute a LEFT JOIN ("
            + "SELECT k.attnum, k.ord FROM pg_catalog.pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
            + "WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary) k ON k.attnum = a.attnum "
            + "WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped";

    /** A table the catalog no longer has (dropped since): no key, every column nullable. */
    public static final PostgresKeyFacts NONE = new PostgresKeyFacts(List.of(), Set.of());

    public PostgresKeyFacts {
        primaryKey = List.copyOf(requireNonNull(primaryKey, "primaryKey is null"));
        notNull = Set.copyOf(requireNonNull(notNull, "notNull is null"));
    }

    public static PostgresKeyFacts load(Connection connection, TableId table) throws SQLException {
        String name = SqlNames.table(table);
        TreeMap<Long, String> key = new TreeMap<>();
        Set<String> notNull = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setString(1, name);
            statement.setString(2, name);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        notNull.add(rs.getString(1));
                    }
                    long ordinal = rs.getLong(3);
                    if (!rs.wasNull()) {
                        key.put(ordinal, rs.getString(1));
                    }
                }
            }
        }
        return new PostgresKeyFacts(List.copyOf(key.values()), notNull);
    }
}
