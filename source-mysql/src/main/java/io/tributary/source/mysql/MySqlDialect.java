package io.tributary.source.mysql;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.mysql.binlog.MySqlStreamReader;
import io.tributary.core.model.Column;
import io.tributary.source.jdbc.AbstractJdbcSourceDialect;
import io.tributary.source.jdbc.IdentifierQuoting;
import io.tributary.source.jdbc.JdbcSourceTraits;
import io.tributary.source.mysql.catalog.MySqlCatalog;
import io.tributary.source.mysql.catalog.MySqlRowReader;
import io.tributary.source.mysql.catalog.ServerFlavor;
import io.tributary.source.mysql.catalog.ServerInfo;
import io.tributary.source.mysql.snapshot.BinlogFiles;
import io.tributary.source.mysql.snapshot.BinlogStatus;
import io.tributary.source.mysql.snapshot.MySqlSnapshotEpoch;
import io.tributary.source.mysql.snapshot.SnapshotPositionQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MySQL's and MariaDB's part of the incremental-snapshot source: discovery from
 * information_schema, chunks read in consistent-snapshot transactions (on MariaDB each with its
 * own binlog position), and the binlog read as a replica. Chunk splitting (even ranges of dense
 * integer keys, boundaries sampled along the primary-key index otherwise) and the streamed chunk
 * reads are source-jdbc's.
 */
public final class MySqlDialect extends AbstractJdbcSourceDialect<BinlogPosition, MySqlSnapshotMarker, MySqlSourceOptions, MySqlConnectionFactory> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MySqlDialect.class);
    private static final JdbcSourceTraits<BinlogPosition, MySqlSnapshotMarker> TRAITS = new JdbcSourceTraits<>("mysql",
            IdentifierQuoting.BACKTICKS_BY_DATABASE, BinlogPositionSerializer.INSTANCE, MySqlSnapshotMarkerSerializer.INSTANCE);

    public MySqlDialect(MySqlSourceOptions options) {
        super(TRAITS, options, new MySqlConnectionFactory(requireNonNull(options, "options is null")));
    }

    @Override
    protected List<CapturedTable> discoverTables(Connection connection) throws SQLException {
        ServerFlavor flavor = ServerInfo.load(connection).flavor();
        List<CapturedTable> tables = new MySqlCatalog(connection, flavor, options().tinyint1AsBoolean()).discover(options().tableFilter(), options().chunkKeyColumns());
        if (tables.isEmpty()) {
            throw noTables(options(), connections());
        }
        return tables;
    }

    /** The error for table patterns that match nothing the user can see. */
    static TributaryException noTables(MySqlSourceOptions options, MySqlConnectionFactory connections) {
        return new TributaryException(ErrorCode.SOURCE_NO_TABLES, "No table on " + connections.describeServer() + " matches tables = "
                + options.tableFilter() + " that user '" + options.username() + "' can see. Check the patterns (database.table, regular "
                + "expressions, \\. for a regular-expression dot) and that the user has SELECT on the tables.");
    }

    @Override
    public BinlogPosition prepareStream() {
        try (Connection connection = connections().open()) {
            ServerInfo server = ServerInfo.load(connection);
            BinlogPosition start = switch (options().startupMode()) {
                case EARLIEST_OFFSET, TIMESTAMP -> BinlogFiles.list(connection).oldest(server.flavor());
                case SPECIFIC_OFFSET -> options().specificOffset().orElseThrow();
                default -> BinlogStatus.current(connection, server.flavor()).orElseThrow(() -> new TributaryException(
                        ErrorCode.SOURCE_MISCONFIGURED, "The binary log is disabled on " + connections().describeServer() + "; streaming reads it."));
            };
            LOG.info("The binlog stream of {} starts at {}", connections().describeServer(), start);
            return start;
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read the binlog position of " + connections().describeServer()
                    + ": " + e.getMessage() + ". The user needs REPLICATION CLIENT (MariaDB: BINLOG MONITOR).", e);
        }
    }

    @Override
    public SnapshotEpoch<MySqlSnapshotMarker> openSnapshotEpoch() {
        try (Connection connection = connections().open()) {
            ServerInfo server = ServerInfo.load(connection);
            if (!server.logBin()) {
                // Only a snapshot-only pipeline gets here (validation refuses streaming without a binlog).
                return new MySqlSnapshotEpoch(new MySqlSnapshotMarker(Optional.empty()));
            }
            return new MySqlSnapshotEpoch(new MySqlSnapshotMarker(BinlogStatus.current(connection, server.flavor())));
        } catch (SQLException e) {
            if (!options().startupMode().streams()) {
                // A snapshot-only pipeline never compares changes against the marker; SELECT is all it needs.
                return new MySqlSnapshotEpoch(new MySqlSnapshotMarker(Optional.empty()));
            }
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read the binlog position of " + connections().describeServer()
                    + ": " + e.getMessage() + ". The user needs REPLICATION CLIENT (MariaDB: BINLOG MONITOR).", e);
        }
    }

    @Override
    public StreamReader<BinlogPosition> openStreamReader(BinlogPosition start, Map<TableId, TableSchema> schemas,
            SnapshotCoverage<MySqlSnapshotMarker> coverage) {
        ServerFlavor flavor;
        boolean byGtid;
        try (Connection connection = connections().open()) {
            flavor = ServerInfo.load(connection).flavor();
            BinlogFiles files = BinlogFiles.list(connection);
            byGtid = !files.contains(start.file());
            if (byGtid && start.gtidSet().isEmpty()) {
                throw new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "The binlog position " + start + " is no longer on "
                        + connections().describeServer() + ": file " + start.file() + " was purged (the oldest file that remains is "
                        + files.oldestName() + "). To recover, start again with a new snapshot (delete the pipeline's state directory, "
                        + "scan.startup.mode: initial), and keep binlogs longer (binlog_expire_logs_seconds) than the pipeline may be stopped; "
                        + "with GTIDs enabled the pipeline could resume on any server that has its transactions.");
            }
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not list the binlog files of " + connections().describeServer()
                    + ": " + e.getMessage() + ". The user needs REPLICATION CLIENT (MariaDB: BINLOG MONITOR).", e);
        }
        MySqlStreamReader reader = new MySqlStreamReader(options(), connections(), flavor, start, schemas, coverage, byGtid);
        reader.start();
        return reader;
    }

    /**
     * Past a chunk's view once the transaction the stream resumes in starts at or after it: the
     * stream drops a change as held by a chunk only when its transaction starts before the view
     * ({@code SnapshotChunkFilter}), and every change read from here on starts at or after here.
     */
    @Override
    public boolean streamIsPast(BinlogPosition position, MySqlSnapshotMarker marker) {
        return marker.position().map(view -> position.compareFileAndOffset(view) >= 0).orElse(false);
    }

    /**
     * A view holds every transaction that starts before its binlog position ({@code SnapshotChunkFilter}); the stream
     * resumes at the start of the first transaction it has not returned, so the view holds all it returned if that
     * is at or before the view. A binlog reader can get a transaction before the storage engine commits it
     * (semi-synchronous replication waits in between).
     */
    @Override
    public boolean viewHoldsStream(StreamReader<BinlogPosition> reader, BinlogPosition resumePosition, MySqlSnapshotMarker view) {
        return view.position().map(position -> {
            int order = resumePosition.compareFileAndOffset(position);
            return order < 0 || (order == 0 && resumePosition.rowsToSkip() == 0);
        }).orElse(false);
    }

    /** Chunks are read beside the stream for every sink: a change's transaction start says whether a view holds it. */
    @Override
    public boolean locatesChangesInViews() {
        return true;
    }

    /**
     * A view holds a transaction that starts before its binlog position, as {@code SnapshotChunkFilter} decides; a
     * change's record resumes at its transaction's start (with the rows to skip).
     */
    @Override
    public boolean viewHoldsChange(MySqlSnapshotMarker view, StreamRecord<BinlogPosition> record) {
        return view.position().map(position -> record.positionAfter().compareFileAndOffset(position) < 0).orElse(false);
    }

    /** Binds the value as the driver maps its class; the session time zone is UTC, so an instant binds as its UTC wall-clock time. */
    @Override
    public void bindKeyValue(PreparedStatement statement, int index, Object value) throws SQLException {
        statement.setObject(index, value instanceof OffsetDateTime instant ? instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : value);
    }

    @Override
    public String selectExpression(Column column) {
        return MySqlRowReader.selectExpression(column);
    }

    @Override
    public MySqlRowReader rowReader(List<Column> columns) {
        return new MySqlRowReader(columns);
    }

    /** A session in UTC at REPEATABLE READ, autocommit on: each chunk starts its own transaction. */
    @Override
    public Connection openSnapshotConnection() {
        return connections().open();
    }

    /** A consistent-snapshot transaction: REPEATABLE READ, no locks; each chunk's own view, not the epoch's, is exact here. */
    @Override
    public void beginSnapshotTransaction(Connection connection, SnapshotView<MySqlSnapshotMarker> view) throws SQLException {
        try (Statement begin = connection.createStatement()) {
            begin.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
    }

    /** On MariaDB with a binary log, the consistent snapshot's exact binlog position ({@code binlog_snapshot_file/position}). */
    @Override
    public Optional<MySqlSnapshotMarker> chunkMarker(Connection connection) throws SQLException {
        if (ServerFlavor.fromVersion(connection.getMetaData().getDatabaseProductVersion()) != ServerFlavor.MARIADB) {
            return Optional.empty();
        }
        return SnapshotPositionQuery.current(connection).map(position -> new MySqlSnapshotMarker(Optional.of(position)));
    }

    @Override
    public void endSnapshotTransaction(Connection connection) throws SQLException {
        try (Statement commit = connection.createStatement()) {
            commit.execute("COMMIT");
        }
    }
}
