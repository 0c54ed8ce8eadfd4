package io.tributary.source.mysql.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.source.jdbc.ChunkKeyChoice;
import io.tributary.source.jdbc.ChunkKeyColumns;
import io.tributary.source.mysql.MySqlTableFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Lists the captured tables with their columns, types and primary keys from information_schema. */
public final class MySqlCatalog {
    private static final String TABLES = "SELECT TABLE_SCHEMA, TABLE_NAME, COALESCE(TABLE_ROWS, 0) FROM information_schema.TABLES "
            + "WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME";
    private static final String COLUMNS = "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, COALESCE(CHARACTER_MAXIMUM_LENGTH, 0), "
            + "COALESCE(NUMERIC_PRECISION, 0), COALESCE(NUMERIC_SCALE, 0), COALESCE(DATETIME_PRECISION, 0), "
            + "COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
    private static final String PRIMARY_KEY = "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION";
    private static final String BINLOG_COLUMNS = "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME FROM information_schema.COLUMNS "
            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
    // MariaDB's JSON is LONGTEXT with a json_valid() check constraint.
    /** Whether a column is nullable, and whether a unique index has exactly that column (MySQL and MariaDB alike). */
    private static final String COLUMN_FACTS = "SELECT c.IS_NULLABLE, EXISTS (SELECT 1 FROM information_schema.STATISTICS s "
            + "WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA AND s.TABLE_NAME = c.TABLE_NAME AND s.NON_UNIQUE = 0 AND s.COLUMN_NAME = c.COLUMN_NAME "
            + "AND s.SEQ_IN_INDEX = 1 AND s.SUB_PART IS NULL AND NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS t "
            + "WHERE t.TABLE_SCHEMA = s.TABLE_SCHEMA AND t.TABLE_NAME = s.TABLE_NAME AND t.INDEX_NAME = s.INDEX_NAME AND t.SEQ_IN_INDEX > 1)) "
            + "FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ?";
    private static final String JSON_CHECKS = "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
            + "WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?";

    private final Connection connection;
    private final ServerFlavor flavor;
    private final boolean tinyint1AsBoolean;

    /** @param tinyint1AsBoolean whether TINYINT(1) columns are BOOLEAN ({@code treat-tinyint1-as-boolean.enabled}) */
    public MySqlCatalog(Connection connection, ServerFlavor flavor, boolean tinyint1AsBoolean) {
        this.connection = requireNonNull(connection, "connection is null");
        this.flavor = requireNonNull(flavor, "flavor is null");
        this.tinyint1AsBoolean = tinyint1AsBoolean;
    }

    /**
     * The tables the filter selects, in name order, each chunked by its primary key or by the
     * column {@code chunkKeyColumns} names for it.
     */
    public List<CapturedTable> discover(MySqlTableFilter filter, ChunkKeyColumns chunkKeyColumns) throws SQLException {
        ChunkKeyChoice choice = new ChunkKeyChoice(chunkKeyColumns, this::columnFacts);
        List<CapturedTable> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES); ResultSet rs = statement.executeQuery()) {
            List<Object[]> candidates = new ArrayList<>();
            while (rs.next()) {
                if (filter.matches(rs.getString(1), rs.getString(2))) {
                    candidates.add(new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)});
                }
            }
            for (Object[] candidate : candidates) {
                TableId id = TableId.ofDatabaseTable((String) candidate[0], (String) candidate[1]);
                TableSchema schema = schema(id);
                tables.add(new CapturedTable(id, schema, choice.chunkKeyOf(id, schema), (Long) candidate[2]));
            }
        }
        return tables;
    }

    private ChunkKeyChoice.ColumnFacts columnFacts(TableId table, String column) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COLUMN_FACTS)) {
            statement.setString(1, table.database().orElseThrow());
            statement.setString(2, table.table());
            statement.setString(3, column);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? new ChunkKeyChoice.ColumnFacts(true, "NO".equals(rs.getString(1)), rs.getBoolean(2))
                        : new ChunkKeyChoice.ColumnFacts(false, false, false);
            }
        }
    }

    /** The current schema of one table. */
    public TableSchema schema(TableId table) throws SQLException {
        String database = table.database().orElseThrow();
        Set<String> jsonColumns = flavor == ServerFlavor.MARIADB ? jsonCheckedColumns(database, table.table()) : Set.of();
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, database);
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    MySqlTypes.ColumnDescription description = new MySqlTypes.ColumnDescription(name, rs.getString(2), rs.getString(3),
                            "YES".equals(rs.getString(4)), rs.getLong(5), rs.getInt(6), rs.getInt(7), rs.getInt(8),
                            jsonColumns.contains(name.toLowerCase(Locale.ROOT)));
                    DataType type = MySqlTypes.map(table.identifier(), description, tinyint1AsBoolean);
                    columns.add(new Column(name, type, MySqlColumnDefaults.fromCatalog(rs.getString(9), rs.getString(10), flavor, type)));
                }
            }
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY)) {
            statement.setString(1, database);
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return new TableSchema(columns, key);
    }

    /**
     * How each column of a table is stored in the binlog's row images, in table order: what the
     * binlog reader needs beyond the model's types (signedness, character set, ENUM/SET values).
     */
    public List<BinlogColumn> binlogColumns(TableId table) throws SQLException {
        List<BinlogColumn> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(BINLOG_COLUMNS)) {
            statement.setString(1, table.database().orElseThrow());
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(new BinlogColumn(rs.getString(1), rs.getString(2), rs.getString(3), java.util.Optional.ofNullable(rs.getString(4))));
                }
            }
        }
        return columns;
    }

    private Set<String> jsonCheckedColumns(String database, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(JSON_CHECKS)) {
            statement.setString(1, database);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String clause = rs.getString(1).trim();
                    String lower = clause.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("json_valid(") && clause.endsWith(")")) {
                        columns.add(clause.substring("json_valid(".length(), clause.length() - 1).replace("`", "").trim().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return columns;
    }
}
