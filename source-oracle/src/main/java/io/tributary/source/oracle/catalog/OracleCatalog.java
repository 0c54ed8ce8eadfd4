package io.tributary.source.oracle.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.source.jdbc.ChunkKeyChoice;
import io.tributary.source.jdbc.ChunkKeyColumns;
import io.tributary.source.jdbc.ThreePartTableFilter;
import io.tributary.source.oracle.stream.StreamTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Lists the captured tables of one container with their columns, types and primary keys from the
 * {@code ALL_*} dictionary views, on a session already in that container. Schemas Oracle itself
 * maintains (SYS, SYSTEM, ...) are never listed, nor temporary, nested or dropped tables.
 */
public final class OracleCatalog {
    private static final String TABLES = "SELECT t.OWNER, t.TABLE_NAME, NVL(t.NUM_ROWS, 0) FROM ALL_TABLES t "
            + "JOIN ALL_USERS u ON u.USERNAME = t.OWNER WHERE u.ORACLE_MAINTAINED = 'N' AND t.TEMPORARY = 'N' AND t.NESTED = 'NO' "
            + "AND t.SECONDARY = 'N' AND t.DROPPED = 'NO' AND (t.IOT_TYPE IS NULL OR t.IOT_TYPE = 'IOT') ORDER BY t.OWNER, t.TABLE_NAME";
    private static final String COLUMNS = "SELECT COLUMN_NAME, DATA_TYPE, DATA_LENGTH, DATA_PRECISION, DATA_SCALE, CHAR_LENGTH, NULLABLE "
            + "FROM ALL_TAB_COLUMNS WHERE OWNER = ? AND TABLE_NAME = ? ORDER BY COLUMN_ID";
    private static final String PRIMARY_KEY = "SELECT cc.COLUMN_NAME FROM ALL_CONSTRAINTS c JOIN ALL_CONS_COLUMNS cc "
            + "ON cc.OWNER = c.OWNER AND cc.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND cc.TABLE_NAME = c.TABLE_NAME "
            + "WHERE c.OWNER = ? AND c.TABLE_NAME = ? AND c.CONSTRAINT_TYPE = 'P' ORDER BY cc.POSITION";
    /** Whether a column is NOT NULL, and whether a unique index has exactly that column. */
    private static final String COLUMN_FACTS = "SELECT c.NULLABLE, (SELECT COUNT(*) FROM ALL_INDEXES i JOIN ALL_IND_COLUMNS ic "
            + "ON ic.INDEX_OWNER = i.OWNER AND ic.INDEX_NAME = i.INDEX_NAME WHERE i.TABLE_OWNER = c.OWNER AND i.TABLE_NAME = c.TABLE_NAME "
            + "AND i.UNIQUENESS = 'UNIQUE' AND ic.COLUMN_NAME = c.COLUMN_NAME AND NOT EXISTS (SELECT 1 FROM ALL_IND_COLUMNS o "
            + "WHERE o.INDEX_OWNER = i.OWNER AND o.INDEX_NAME = i.INDEX_NAME AND o.COLUMN_POSITION > 1)) "
            + "FROM ALL_TAB_COLUMNS c WHERE c.OWNER = ? AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ?";

    /**
     * A discovered table: as the snapshot reads it and as the stream decodes its changes.
     *
     * @param captured the table with its schema, chunk key and row estimate
     * @param stream the same schema with each column's Oracle type
     */
    public record OracleTable(CapturedTable captured, StreamTable stream) {
        public OracleTable {
            requireNonNull(captured, "captured is null");
            requireNonNull(stream, "stream is null");
        }
    }

    /** The chunk key of tables without a primary key: the pseudo-column ROWID. */
    static final String ROWID = "ROWID";

    private final Connection connection;
    private final String database;

    /**
     * @param connection a session in the container the tables live in
     * @param database how table ids name that container: the first part of the {@code tables} option
     */
    public OracleCatalog(Connection connection, String database) {
        this.connection = requireNonNull(connection, "connection is null");
        this.database = requireNonNull(database, "database is null");
    }

    /** The tables the filter selects, in name order, each chunked by its primary key or by the column {@code chunkKeyColumns} names for it. */
    public List<OracleTable> discover(ThreePartTableFilter filter, ChunkKeyColumns chunkKeyColumns) throws SQLException {
        ChunkKeyChoice choice = new ChunkKeyChoice(chunkKeyColumns, this::columnFacts);
        List<Object[]> candidates = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (filter.matches(rs.getString(1), rs.getString(2))) {
                    candidates.add(new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)});
                }
            }
        }
        List<OracleTable> tables = new ArrayList<>();
        for (Object[] candidate : candidates) {
            TableId id = TableId.of(database, (String) candidate[0], (String) candidate[1]);
            StreamTable stream = table(id).orElseThrow();
            ChunkKey key = choice.chunkKeyOf(id, stream.schema());
            // Without a key (or a column named to chunk by), the table is cut by ROWID, which every row of a heap table has.
            tables.add(new OracleTable(new CapturedTable(id, stream.schema(), key.isNone() ? ChunkKey.synthetic(ROWID) : key, (Long) candidate[2]),
                    stream));
        }
        return tables;
    }

    /** The current definition of one table; empty when it does not exist (or the user cannot see it). */
    public Optional<StreamTable> table(TableId table) throws SQLException {
        List<OracleTypes.ColumnDescription> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, table.schema().orElseThrow());
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(new OracleTypes.ColumnDescription(rs.getString(1), rs.getString(2), rs.getInt(3), optionalInt(rs, 4),
                            optionalInt(rs, 5), rs.getInt(6), "Y".equals(rs.getString(7))));
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY)) {
            statement.setString(1, table.schema().orElseThrow());
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return Optional.of(StreamTable.of(columns, key));
    }

    private ChunkKeyChoice.ColumnFacts columnFacts(TableId table, String column) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COLUMN_FACTS)) {
            statement.setString(1, table.schema().orElseThrow());
            statement.setString(2, table.table());
            statement.setString(3, column);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? new ChunkKeyChoice.ColumnFacts(true, "N".equals(rs.getString(1)), rs.getInt(2) > 0)
                        : new ChunkKeyChoice.ColumnFacts(false, false, false);
            }
        }
    }

    private static OptionalInt optionalInt(ResultSet rs, int index) throws SQLException {
        int value = rs.getInt(index);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
