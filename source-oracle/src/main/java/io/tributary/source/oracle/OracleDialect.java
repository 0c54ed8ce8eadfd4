package io.tributary.source.oracle;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.jdbc.AbstractJdbcSourceDialect;
import io.tributary.source.jdbc.IdentifierQuoting;
import io.tributary.source.jdbc.JdbcSourceTraits;
import io.tributary.source.jdbc.snapshot.ChunkPlanner;
import io.tributary.source.jdbc.snapshot.KeyLayout;
import io.tributary.source.oracle.catalog.OracleCatalog;
import io.tributary.source.oracle.catalog.OracleRowReader;
import io.tributary.source.oracle.snapshot.RowIdChunkKeyOrder;
import io.tributary.source.oracle.snapshot.RowIdChunkSplitter;
import io.tributary.source.oracle.snapshot.RowIdRanges;
import io.tributary.source.oracle.stream.ChangeAssembler;
import io.tributary.source.oracle.stream.HandoffOffset;
import io.tributary.source.oracle.stream.OracleEngineProperties;
import io.tributary.source.oracle.stream.OracleStreamReader;
import io.tributary.source.oracle.stream.StreamTable;
import io.tributary.source.oracle.stream.TableEvolution;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Oracle's part of the incremental-snapshot source: discovery from the {@code ALL_*} views of the
 * pluggable database the tables live in, chunks read without locks as of the epoch's SCN
 * ({@code SELECT ... AS OF SCN n}), and the redo log read by Debezium's Oracle connector from the
 * SCN the stream starts after. A chunk read as of SCN n holds exactly the transactions committed
 * at or before n, so the stream drops a change whose commit SCN is at or before the SCN of the
 * chunk holding its row, and emits every other one.
 */
public final class OracleDialect extends AbstractJdbcSourceDialect<RedoPosition, OracleSnapshotMarker, OracleSourceOptions, OracleConnectionFactory> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OracleDialect.class);
    private static final JdbcSourceTraits<RedoPosition, OracleSnapshotMarker> TRAITS = new JdbcSourceTraits<>("oracle",
            IdentifierQuoting.DOUBLE_QUOTES_BY_SCHEMA, OracleSerializers.POSITION, OracleSerializers.MARKER);
    /** The current SCN and the transactions open before it, read at once. */
    private static final String CURRENT_SCN_AND_OPEN_TRANSACTIONS = "SELECT d.CURRENT_SCN, t.XID, t.START_SCN FROM V$DATABASE d "
            + "LEFT OUTER JOIN V$TRANSACTION t ON t.START_SCN < d.CURRENT_SCN";
    private static final String TRANSACTIONS_OPEN_AT = "SELECT XID, START_SCN FROM V$TRANSACTION WHERE START_SCN <= ?";
    /** The last SCN before a time given in UTC, in the database's own time zone as TIMESTAMP_TO_SCN reads it. */
    private static final String SCN_BEFORE_TIME = "SELECT TIMESTAMP_TO_SCN(CAST(FROM_TZ(?, 'UTC') AT TIME ZONE TO_CHAR(SYSTIMESTAMP, "
            + "'TZH:TZM') AS TIMESTAMP)) - 1 FROM DUAL";

    /** The synthetic chunk key of tables without a primary key. */
    public static final String ROWID = "ROWID";
    /** Rows per block assumed for a table without optimizer statistics. */
    private static final double DEFAULT_ROWS_PER_BLOCK = 50;

    public OracleDialect(OracleSourceOptions options) {
        super(TRAITS, options, new OracleConnectionFactory(requireNonNull(options, "options is null")));
    }

    @Override
    protected List<CapturedTable> discoverTables(Connection connection) throws SQLException {
        List<CapturedTable> tables = new OracleCatalog(connection, options().tablesDatabase()).discover(options().tableFilter(),
                options().chunkKeyColumns()).stream().map(OracleCatalog.OracleTable::captured).toList();
        if (tables.isEmpty()) {
            throw noTables(options(), connections());
        }
        return tables;
    }

    /** The error for table patterns that match nothing the user can see. */
    static TributaryException noTables(OracleSourceOptions options, OracleConnectionFactory connections) {
        return new TributaryException(ErrorCode.SOURCE_NO_TABLES, "No table of " + options.tablesDatabase() + " on " + connections.describeServer()
                + " matches tables = " + options.tableFilter().includeText() + " that user '" + options.username() + "' can see. Check the "
                + "patterns (pdb.schema.table with upper-case names as the catalog stores them, regular expressions, \\. for a "
                + "regular-expression dot) and that the user may select from the tables (GRANT SELECT ANY TABLE, or SELECT on each).");
    }

    /**
     * The SCN the stream starts after (now, the SCN of scan.startup.specific-offset.scn, or the last
     * before scan.startup.timestamp-millis), with the connector offset that starts it there: the
     * transactions open at that SCN and every redo thread.
     */
    @Override
    public RedoPosition prepareStream() {
        try (Connection connection = connections().openAtService()) {
            long scn;
            List<HandoffOffset.OpenTransaction> open = new ArrayList<>();
            switch (options().startupMode()) {
                case SPECIFIC_OFFSET -> {
                    scn = options().specificScn().orElseThrow();
                    open.addAll(transactionsOpenAt(connection, scn));
                }
                case TIMESTAMP -> {
                    scn = scnBefore(connection, options().timestampMillis().orElseThrow());
                    open.addAll(transactionsOpenAt(connection, scn));
                }
                case INITIAL, LATEST_OFFSET, SNAPSHOT -> {
                    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(CURRENT_SCN_AND_OPEN_TRANSACTIONS)) {
                        scn = -1;
                        while (rs.next()) {
                            scn = rs.getLong(1);
                            byte[] xid = rs.getBytes(2);
                            if (xid != null) {
                                open.add(new HandoffOffset.OpenTransaction(HexFormat.of().formatHex(xid), rs.getLong(3)));
                            }
                        }
                    }
                }
                default -> throw new TributaryException(ErrorCode.CONFIG_INVALID, "The oracle source cannot start with scan.startup.mode "
                        + options().startupMode() + "; use initial, latest-offset, specific-offset, timestamp or snapshot.");
            }
            HandoffOffset handoff = new HandoffOffset(scn, open, redoThreads(connection));
            LOG.info("The redo log stream of {} starts after SCN {} ({} transactions open there)", connections().describeServer(), scn, open.size());
            return RedoPosition.after(scn, handoff.engineOffset());
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read the current SCN and open transactions of "
                    + connections().describeServer() + ": " + e.getMessage().trim() + ". The user needs SELECT on V_$DATABASE, V_$TRANSACTION "
                    + "and V_$THREAD (tributary validate lists the GRANTs).", e);
        }
    }

    private static List<HandoffOffset.OpenTransaction> transactionsOpenAt(Connection connection, long scn) throws SQLException {
        List<HandoffOffset.OpenTransaction> open = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TRANSACTIONS_OPEN_AT)) {
            statement.setLong(1, scn);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    open.add(new HandoffOffset.OpenTransaction(HexFormat.of().formatHex(rs.getBytes(1)), rs.getLong(2)));
                }
            }
        }
        return open;
    }

    private static long scnBefore(Connection connection, long millis) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SCN_BEFORE_TIME)) {
            statement.setTimestamp(1, Timestamp.valueOf(OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).toLocalDateTime()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static SortedSet<Integer> redoThreads(Connection connection) throws SQLException {
        SortedSet<Integer> threads = new TreeSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT THREAD# FROM V$THREAD")) {
            while (rs.next()) {
                threads.add(rs.getInt(1));
            }
        }
        return threads.isEmpty() ? new TreeSet<>(List.of(1)) : threads;
    }

    /** The current SCN: chunks read under this epoch read as of it. The epoch holds no connection. */
    @Override
    public SnapshotEpoch<OracleSnapshotMarker> openSnapshotEpoch() {
        try (Connection connection = connections().open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CURRENT_SCN FROM V$DATABASE")) {
            rs.next();
            OracleSnapshotMarker marker = new OracleSnapshotMarker(rs.getLong(1));
            return new SnapshotEpoch<>() {
                @Override
                public String handle() {
                    return "SCN " + marker.scn();
                }

                @Override
                public OracleSnapshotMarker marker() {
                    return marker;
                }

                @Override
                public void close() {}
            };
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read the current SCN of " + connections().describeServer() + ": "
                    + e.getMessage().trim() + ". The user needs SELECT on V_$DATABASE: GRANT SELECT ON V_$DATABASE TO " + options().username()
                    + " CONTAINER=ALL;", e);
        }
    }

    @Override
    public StreamReader<RedoPosition> openStreamReader(RedoPosition start, Map<TableId, TableSchema> schemas,
            SnapshotCoverage<OracleSnapshotMarker> coverage) {
        Map<TableId, StreamTable> tables = new LinkedHashMap<>();
        List<StreamRecord<RedoPosition>> starting = new ArrayList<>();
        boolean pluggable;
        String databaseName;
        try (Connection connection = connections().open()) {
            OracleCatalog catalog = new OracleCatalog(connection, options().tablesDatabase());
            for (Map.Entry<TableId, TableSchema> known : schemas.entrySet()) {
                Optional<StreamTable> current = catalog.table(known.getKey());
                if (current.isEmpty()) {
                    LOG.warn("Table {} is gone from {}; changes to it the log still holds cannot be read", known.getKey(), options().tablesDatabase());
                    continue;
                }
                // A definition changed while the pipeline was stopped reaches the sink before any change read from the log.
                TableEvolution.between(known.getKey(), known.getValue(), current.get().schema()).forEach(change -> starting.add(StreamRecord.of(change, start)));
                tables.put(known.getKey(), current.get());
            }
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT CDB, NAME FROM V$DATABASE")) {
                rs.next();
                pluggable = "YES".equalsIgnoreCase(rs.getString(1));
                databaseName = rs.getString(2);
            }
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read the definitions of the captured tables on "
                    + connections().describeServer() + ": " + e.getMessage().trim(), e);
        }
        ChangeAssembler assembler = new ChangeAssembler(options().tablesDatabase(), tables,
                id -> options().tableFilter().matches(id.schema().orElse(""), id.table()), this::currentDefinition, coverage, start);
        OracleStreamReader reader = new OracleStreamReader(binding -> {
            Properties properties = OracleEngineProperties.of(options(), new OracleEngineProperties.Binding(binding.offsetHandle(),
                    binding.historyHandle(), false, pluggable));
            // A url names no database; the connector needs the container database's name.
            properties.putIfAbsent("database.dbname", databaseName);
            return properties;
        }, assembler, starting);
        reader.start();
        return reader;
    }

    private Optional<StreamTable> currentDefinition(TableId table) {
        try (Connection connection = connections().open()) {
            return new OracleCatalog(connection, options().tablesDatabase()).table(table);
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read the definition of " + table + " on "
                    + connections().describeServer() + ": " + e.getMessage().trim(), e);
        }
    }

    /** Every change the stream reads from here on commits after the position's commit SCN; a chunk as of an earlier SCN holds none of them. */
    @Override
    public boolean streamIsPast(RedoPosition position, OracleSnapshotMarker marker) {
        return position.commitScn() > marker.scn();
    }

    /**
     * Not yet: the contract that verifies chunks read beside the stream needs an Oracle server, which
     * runs only where Docker does, so the stream starts once the snapshot is done.
     */
    @Override
    public boolean readsChunksBesideTheStream() {
        return false;
    }

    @Override
    public boolean viewHoldsChange(OracleSnapshotMarker view, StreamRecord<RedoPosition> record) {
        return view.holdsCommit(record.positionAfter().commitScn());
    }

    /** Oracle's SQL has no row-value comparison ({@code (a, b) > (?, ?)}); chunk queries compare key columns one by one. */
    @Override
    public boolean comparesRowValues() {
        return false;
    }

    @Override
    public String rowAtOffset(int offset) {
        return " OFFSET " + offset + " ROWS FETCH NEXT 1 ROWS ONLY";
    }

    /** The table as of the epoch's SCN: a flashback query, which takes no lock and needs no transaction. */
    @Override
    public String chunkSource(TableId table, SnapshotView<OracleSnapshotMarker> view) {
        return qualifiedName(table) + " AS OF SCN " + view.marker().scn();
    }

    /** A table without a key is cut into ROWID ranges from its extents; other tables by their key, at boundaries sampled along its index. */
    @Override
    public ChunkSplitter createChunkSplitter(CapturedTable table, Optional<Object[]> resumeAfter) {
        if (!table.chunkKey().synthetic()) {
            return new ChunkPlanner(this).open(table, resumeAfter);
        }
        String owner = table.tableId().schema().orElseThrow();
        try (Connection connection = connections().open()) {
            List<RowIdRanges.Extent> extents = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(RowIdRanges.EXTENTS_SQL)) {
                statement.setString(1, owner);
                statement.setString(2, table.tableId().table());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        extents.add(new RowIdRanges.Extent(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
            }
            double rowsPerBlock = DEFAULT_ROWS_PER_BLOCK;
            try (PreparedStatement statement = connection.prepareStatement("SELECT NUM_ROWS, BLOCKS FROM ALL_TABLES WHERE OWNER = ? AND TABLE_NAME = ?")) {
                statement.setString(1, owner);
                statement.setString(2, table.tableId().table());
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > 0 && rs.getLong(2) > 0) {
                        rowsPerBlock = (double) rs.getLong(1) / rs.getLong(2);
                    }
                }
            }
            long blocks = RowIdRanges.blocksPerChunk(options().chunkSize(), rowsPerBlock);
            LOG.info("{} has no primary key: cut into ROWID ranges of {} blocks from its {} extents", table.tableId(), blocks, extents.size());
            return new RowIdChunkSplitter(extents, blocks, resumeAfter);
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not list the extents of " + table.tableId() + ", which has no primary "
                    + "key and is cut into ROWID ranges: " + e.getMessage().trim() + ". The user needs SELECT ANY DICTIONARY (DBA_EXTENTS, "
                    + "DBA_OBJECTS, DBA_TABLESPACES), or name a unique NOT NULL column in scan.incremental.snapshot.chunk.key-column.", e);
        }
    }

    /** A ROWID range is compared as ROWIDs, bound from their text. */
    @Override
    public KeyLayout keyLayout(Connection connection, CapturedTable table) throws SQLException {
        if (table.chunkKey().synthetic()) {
            return new KeyLayout(KeyLayout.Strategy.RANGES, List.of(new KeyLayout.KeyColumn("ROWID", "CHARTOROWID(?)", false)), Optional.empty());
        }
        return super.keyLayout(connection, table);
    }

    /** The ROWID a chunk of a table without a key appends to each row, as its text. */
    @Override
    public String selectExpression(Column column) {
        return column.name().equals(ROWID) ? "ROWIDTOCHAR(ROWID)" : quoteIdentifier(column.name());
    }

    @Override
    public ChunkKeyOrder chunkKeyOrder(TableSchema schema, ChunkKey chunkKey) {
        return chunkKey.synthetic() ? new RowIdChunkKeyOrder() : super.chunkKeyOrder(schema, chunkKey);
    }

    @Override
    public void bindKeyValue(PreparedStatement statement, int index, Object value) throws SQLException {
        statement.setObject(index, value);
    }

    @Override
    public OracleRowReader rowReader(List<Column> columns) {
        return new OracleRowReader(columns);
    }

    @Override
    public Connection openSnapshotConnection() {
        return connections().open();
    }

    /** Nothing to begin: each chunk query names its SCN. */
    @Override
    public void beginSnapshotTransaction(Connection connection, SnapshotView<OracleSnapshotMarker> view) {}

    @Override
    public void endSnapshotTransaction(Connection connection) {}
}
