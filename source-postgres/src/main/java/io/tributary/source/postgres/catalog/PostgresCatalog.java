package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.source.jdbc.ChunkKeyChoice;
import io.tributary.source.jdbc.ChunkKeyColumns;
import io.tributary.source.jdbc.ThreePartTableFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Lists the base tables of the connected database from {@code pg_catalog} (system schemas
 * excluded), with columns, types, primary keys and row estimates.
 */
public final class PostgresCatalog {
    /** Never-analyzed tables up to this size are counted exactly; larger ones are estimated from their size. */
    private static final long COUNT_LIMIT_BYTES = 64L * 1024 * 1024;
    private static final long ASSUMED_BYTES_PER_ROW = 100;

    private static final String TABLES = "SELECT c.oid, n.nspname, c.relname, c.reltuples::float8, c.relpages, c.relreplident, "
            + "pg_catalog.pg_relation_size(c.oid), pg_catalog.has_table_privilege(c.oid, 'SELECT') "
            + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' "
            + "ORDER BY n.nspname, c.relname";
    private static final String PRIMARY_KEYS = "SELECT i.indrelid, a.attname FROM pg_catalog.pg_index i "
            + "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
            + "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
            + "WHERE i.indisprimary AND i.indrelid = ANY (CAST(? AS oid[])) ORDER BY i.indrelid, k.ord";

    private static final String COLUMN_FACTS = "SELECT a.attnotnull, EXISTS (SELECT 1 FROM pg_catalog.pg_index i "
            + "WHERE i.indrelid = a.attrelid AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL "
            + "AND i.indnatts = 1 AND i.indkey[0] = a.attnum) "
            + "FROM pg_catalog.pg_attribute a WHERE a.attrelid = CAST(? AS regclass) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped";

    private final Connection connection;
    private final PostgresServerInfo server;
    private final PostgresTypes types;

    public PostgresCatalog(Connection connection, PostgresServerInfo server) {
        this.connection = requireNonNull(connection, "connection is null");
        this.server = requireNonNull(server, "server is null");
        this.types = new PostgresTypes(connection);
    }

    /** The tables {@code filter} matches, ordered by table id. */
    public List<PostgresTable> discover(ThreePartTableFilter filter) throws SQLException {
        Map<Long, TableRow> matched = new LinkedHashMap<>();
        for (TableRow row : tableRows()) {
            if (filter.matches(row.schema, row.name)) {
                matched.put(row.oid, row);
            }
        }
        if (matched.isEmpty()) {
            return List.of();
        }
        String oids = matched.keySet().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        Map<Long, List<String>> keys = primaryKeys(oids);
        Map<Long, ColumnsBuilder> columns = columns(oids);
        List<PostgresTable> tables = new ArrayList<>();
        String database = connection.getCatalog();
        for (TableRow row : matched.values()) {
            ColumnsBuilder built = columns.getOrDefault(row.oid, new ColumnsBuilder());
            List<String> key = keys.getOrDefault(row.oid, List.of());
            TableSchema schema = new TableSchema(built.columns, key.stream().filter(k -> built.names().contains(k)).toList());
            tables.add(new PostgresTable(TableId.of(database, row.schema, row.name), schema, built.unsupported, estimateRows(row),
                    row.replicaIdentity, row.selectable));
        }
        return tables;
    }

    /** The discovered tables as the snapshot captures them: each chunked by its primary key, or by the column {@code chunkKeyColumns} names. */
    public List<CapturedTable> captured(List<PostgresTable> tables, ChunkKeyColumns chunkKeyColumns) throws SQLException {
        ChunkKeyChoice choice = new ChunkKeyChoice(chunkKeyColumns, this::columnFacts);
        List<CapturedTable> captured = new ArrayList<>(tables.size());
        for (PostgresTable table : tables) {
            captured.add(table.toCapturedTable(choice.chunkKeyOf(table.tableId(), table.schema())));
        }
        return captured;
    }

    private ChunkKeyChoice.ColumnFacts columnFacts(TableId table, String column) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COLUMN_FACTS)) {
            statement.setString(1, SqlNames.table(table));
            statement.setString(2, column);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? new ChunkKeyChoice.ColumnFacts(true, rs.getBoolean(1), rs.getBoolean(2)) : new ChunkKeyChoice.ColumnFacts(false, false, false);
            }
        }
    }

    /** Up to {@code limit} table ids of the database, for telling the user what exists. */
    public List<String> someTableNames(int limit) throws SQLException {
        String database = connection.getCatalog();
        return tableRows().stream().limit(limit).map(row -> database + "." + row.schema + "." + row.name).toList();
    }

    private record TableRow(long oid, String schema, String name, double reltuples, long relpages, char replicaIdentity, long sizeBytes,
            boolean selectable) {}

    private List<TableRow> tableRows() throws SQLException {
        List<TableRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(TABLES)) {
            while (rs.next()) {
                rows.add(new TableRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getLong(5), rs.getString(6).charAt(0),
                        rs.getLong(7), rs.getBoolean(8)));
            }
        }
        return rows;
    }

    private Map<Long, List<String>> primaryKeys(String oids) throws SQLException {
        Map<Long, List<String>> keys = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEYS)) {
            statement.setString(1, oids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getLong(1), oid -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return keys;
    }

    private static final class ColumnsBuilder {
        final List<Column> columns = new ArrayList<>();
        final List<PostgresTable.UnsupportedColumn> unsupported = new ArrayList<>();

        List<String> names() {
            return columns.stream().map(Column::name).toList();
        }
    }

    private Map<Long, ColumnsBuilder> columns(String oids) throws SQLException {
        String sql = "SELECT a.attrelid, a.attname, a.atttypid, a.atttypmod, a.attnotnull, pg_catalog.format_type(a.atttypid, a.atttypmod), "
                + PostgresColumnDefaults.EXPRESSION + " FROM pg_catalog.pg_attribute a " + PostgresColumnDefaults.JOIN
                + "WHERE a.attrelid = ANY (CAST(? AS oid[])) AND a.attnum > 0 AND NOT a.attisdropped "
                + (server.hasGeneratedColumns() ? "AND a.attgenerated = '' " : "")
                + "ORDER BY a.attrelid, a.attnum";
        Map<Long, ColumnsBuilder> columns = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, oids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ColumnsBuilder builder = columns.computeIfAbsent(rs.getLong(1), oid -> new ColumnsBuilder());
                    String name = rs.getString(2);
                    Optional<DataType> type = types.map(rs.getLong(3), rs.getInt(4));
                    if (type.isPresent()) {
                        DataType columnType = type.get().withNullable(!rs.getBoolean(5));
                        builder.columns.add(new Column(name, columnType, PostgresColumnDefaults.parse(rs.getString(7), columnType)));
                    } else {
                        builder.unsupported.add(new PostgresTable.UnsupportedColumn(name, rs.getString(6)));
                    }
                }
            }
        }
        return columns;
    }

    private long estimateRows(TableRow row) throws SQLException {
        boolean neverAnalyzed = row.reltuples < 0 || (row.reltuples == 0 && row.relpages == 0 && row.sizeBytes > 0);
        if (!neverAnalyzed) {
            return Math.round(row.reltuples);
        }
        if (row.sizeBytes > COUNT_LIMIT_BYTES || !row.selectable) {
            return row.sizeBytes / ASSUMED_BYTES_PER_ROW;
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + SqlNames.quote(row.schema) + "." + SqlNames.quote(row.name))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
