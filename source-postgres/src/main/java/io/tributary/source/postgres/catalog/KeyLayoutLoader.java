package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.source.jdbc.snapshot.KeyLayout;
import io.tributary.source.jdbc.snapshot.KeyLayout.KeyColumn;
import io.tributary.source.jdbc.snapshot.KeyLayout.Strategy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Works out a table's {@link KeyLayout} from the types of its chunk-key columns: each bound binds
 * as text cast to the column's base type, and only types the row reader reads and the value
 * formatter writes back can bound a chunk.
 */
public final class KeyLayoutLoader {
    /** Base types whose values the row reader reads and the value formatter writes back as a chunk bound. */
    private static final Set<String> BOUNDABLE = Set.of("int2", "int4", "int8", "numeric", "float4", "float8", "uuid", "bytea", "date",
            "time", "timestamp", "timestamptz", "bool", "text", "varchar", "bpchar", "jsonb");
    private static final Set<String> INTEGER = Set.of("int2", "int4", "int8");

    private static final String COLUMN_TYPES = "SELECT a.attname, a.atttypid FROM pg_catalog.pg_attribute a "
            + "WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped";

    private final Connection connection;
    private final PostgresTypes types;

    public KeyLayoutLoader(Connection connection) {
        this.connection = requireNonNull(connection, "connection is null");
        this.types = new PostgresTypes(connection);
    }

    /** The layout for a table whose primary key is {@code primaryKey} (column names in key order). */
    public KeyLayout load(TableId tableId, List<String> primaryKey) throws SQLException {
        if (primaryKey.isEmpty()) {
            return KeyLayout.noKey();
        }
        Map<String, Long> columnTypes = columnTypes(tableId);
        List<KeyColumn> columns = new ArrayList<>();
        for (String name : primaryKey) {
            Long typeOid = columnTypes.get(name);
            if (typeOid == null) {
                throw new SQLException("primary key column " + name + " of " + tableId + " is not in pg_attribute");
            }
            PgType base = types.base(typeOid);
            if (!base.isEnum() && !(base.isBuiltIn() && BOUNDABLE.contains(base.name()))) {
                return new KeyLayout(Strategy.UNSUPPORTED, List.of(), Optional.of("its primary key column " + name + " has type "
                        + base.qualifiedName() + ", which the snapshot cannot use as a chunk bound"));
            }
            // The cast target's collation is the default one, so a column's own collation wins the comparison.
            String cast = "CAST(? AS " + SqlNames.quote(base.schema()) + "." + SqlNames.quote(base.name()) + ")";
            columns.add(new KeyColumn(SqlNames.quote(name), cast, base.isBuiltIn() && INTEGER.contains(base.name())));
        }
        return new KeyLayout(Strategy.RANGES, columns, Optional.empty());
    }

    private Map<String, Long> columnTypes(TableId tableId) throws SQLException {
        Map<String, Long> columnTypes = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMN_TYPES)) {
            statement.setString(1, SqlNames.table(tableId));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columnTypes.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return columnTypes;
    }
}
