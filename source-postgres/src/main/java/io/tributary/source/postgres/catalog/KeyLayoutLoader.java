package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.source.postgres.catalog.KeyLayout.KeyColumn;
import io.tributary.source.postgres.catalog.KeyLayout.Strategy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Works out a table's {@link KeyLayout} from the catalog: key column types, collations and indexes. */
public final class KeyLayoutLoader {
    private static final Set<String> NATIVE = Set.of("int2", "int4", "int8", "numeric", "float4", "float8", "uuid", "bytea", "date", "time",
            "timestamp", "timestamptz", "bool");
    private static final Set<String> INTEGER = Set.of("int2", "int4", "int8");
    private static final Set<String> TEXT = Set.of("text", "varchar", "bpchar");
    private static final long C_COLLATION = 950;
    private static final long POSIX_COLLATION = 951;
    private static final long DEFAULT_COLLATION = 100;

    private static final String COLUMNS = "SELECT a.attname, a.attnum, a.atttypid, a.attcollation, co.collprovider, co.collcollate "
            + "FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
            + "WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped";
    private static final String INDEXES = "SELECT i.indkey::text, i.indcollation::text, "
            + "(SELECT bool_and(opc.opcdefault) FROM pg_catalog.pg_opclass opc WHERE opc.oid = ANY (i.indclass::oid[])) "
            + "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_am am ON am.oid = ic.relam "
            + "WHERE i.indrelid = CAST(? AS regclass) AND am.amname = 'btree' AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL";

    private final Connection connection;
    private final PostgresServerInfo server;
    private final PostgresTypes types;

    public KeyLayoutLoader(Connection connection, PostgresServerInfo server) {
        this.connection = requireNonNull(connection, "connection is null");
        this.server = requireNonNull(server, "server is null");
        this.types = new PostgresTypes(connection);
    }

    private record Attribute(String name, int number, long typeOid, long collation, boolean byteOrderCollation) {}

    /** The layout for a table whose primary key is {@code primaryKey} (column names in key order). */
    public KeyLayout load(TableId tableId, List<String> primaryKey) throws SQLException {
        if (primaryKey.isEmpty()) {
            return KeyLayout.noKey();
        }
        Map<String, Attribute> attributes = attributes(tableId);
        List<KeyColumn> columns = new ArrayList<>();
        List<Attribute> keyAttributes = new ArrayList<>();
        List<Attribute> needCollateC = new ArrayList<>();
        List<String> unindexedReasons = new ArrayList<>();
        for (String name : primaryKey) {
            Attribute attribute = attributes.get(name);
            if (attribute == null) {
                throw new SQLException("primary key column " + name + " of " + tableId + " is not in pg_attribute");
            }
            keyAttributes.add(attribute);
            PgType base = types.base(attribute.typeOid());
            String column = SqlNames.quote(name);
            boolean text = base.isBuiltIn() && TEXT.contains(base.name());
            if (base.isBuiltIn() && NATIVE.contains(base.name())) {
                columns.add(new KeyColumn(name, column, cast(base), INTEGER.contains(base.name())));
            } else if (text && server.isUtf8() && attribute.byteOrderCollation()) {
                columns.add(new KeyColumn(name, column, cast(base), false));
            } else if (text && server.isUtf8()) {
                needCollateC.add(attribute);
                columns.add(new KeyColumn(name, column + " COLLATE \"C\"", cast(base), false));
            } else if (text || base.isEnum() || (base.isBuiltIn() && base.name().equals("jsonb"))) {
                unindexedReasons.add(text ? "the database encoding is " + server.encoding() + ", so its text key column " + name
                        + " is ordered by its UTF-8 bytes, which no index serves" : "its key column " + name + " (" + base.qualifiedName()
                        + ") is ordered by its text, which no index serves");
                columns.add(byBytes(name));
            } else {
                return new KeyLayout(Strategy.UNSUPPORTED, List.of(), Optional.of("its primary key column " + name + " has type "
                        + base.qualifiedName() + ", which the snapshot cannot order"));
            }
        }
        if (!needCollateC.isEmpty() && !hasByteOrderIndex(tableId, keyAttributes, needCollateC)) {
            unindexedReasons.add("its text key has a collation other than C and no index orders it by bytes; to read it in parallel chunks "
                    + "create one, e.g. CREATE UNIQUE INDEX ON " + SqlNames.table(tableId) + " ("
                    + String.join(", ", primaryKey.stream().map(k -> SqlNames.quote(k) + collateFor(k, needCollateC)).toList()) + ")");
            columns = columns.stream().map(c -> needCollateC.stream().anyMatch(a -> a.name().equals(c.name())) ? byBytes(c.name()) : c).toList();
        }
        if (!unindexedReasons.isEmpty()) {
            return new KeyLayout(Strategy.ONE_ORDERED_CHUNK, columns, Optional.of(String.join("; ", unindexedReasons)));
        }
        return new KeyLayout(Strategy.RANGES, columns, Optional.empty());
    }

    private static String cast(PgType base) {
        return "CAST(? AS pg_catalog." + base.name() + ")";
    }

    /** Compares a column by the UTF-8 bytes of its text: exact under any collation and encoding, but no index serves it. */
    private static KeyColumn byBytes(String name) {
        return new KeyColumn(name, "convert_to(" + SqlNames.quote(name) + "::text, 'UTF8')", "convert_to(CAST(? AS pg_catalog.text), 'UTF8')", false);
    }

    private static String collateFor(String name, List<Attribute> needCollateC) {
        return needCollateC.stream().anyMatch(a -> a.name().equals(name)) ? " COLLATE \"C\"" : "";
    }

    private Map<String, Attribute> attributes(TableId tableId) throws SQLException {
        Map<String, Attribute> attributes = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, SqlNames.table(tableId));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long collation = rs.getLong(4);
                    boolean byteOrder = collation == C_COLLATION || collation == POSIX_COLLATION
                            || (collation == DEFAULT_COLLATION && server.defaultCollationIsC())
                            || ("c".equals(rs.getString(5)) && ("C".equals(rs.getString(6)) || "POSIX".equals(rs.getString(6))));
                    attributes.put(rs.getString(1), new Attribute(rs.getString(1), rs.getInt(2), rs.getLong(3), collation, byteOrder));
                }
            }
        }
        return attributes;
    }

    /** Whether a plain btree index starts with the key columns and gives each listed text column the C collation. */
    private boolean hasByteOrderIndex(TableId tableId, List<Attribute> key, List<Attribute> textColumns) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INDEXES)) {
            statement.setString(1, SqlNames.table(tableId));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long[] columns = numbers(rs.getString(1));
                    long[] collations = numbers(rs.getString(2));
                    if (rs.getBoolean(3) && coversKeyByBytes(columns, collations, key, textColumns)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean coversKeyByBytes(long[] columns, long[] collations, List<Attribute> key, List<Attribute> textColumns) {
        if (columns.length < key.size()) {
            return false;
        }
        for (int i = 0; i < key.size(); i++) {
            Attribute attribute = key.get(i);
            if (columns[i] != attribute.number()) {
                return false;
            }
            boolean text = textColumns.contains(attribute);
            if (text && collations[i] != C_COLLATION && collations[i] != POSIX_COLLATION) {
                return false;
            }
        }
        return true;
    }

    private static long[] numbers(String spaceSeparated) {
        String trimmed = spaceSeparated.trim();
        return trimmed.isEmpty() ? new long[0] : Arrays.stream(trimmed.split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
