package io.tributary.source.mysql;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.source.mysql.binlog.MySqlStreamReader;
import io.tributary.source.mysql.catalog.MySqlCatalog;
import io.tributary.source.mysql.catalog.ServerFlavor;
import io.tributary.source.mysql.catalog.ServerInfo;
import io.tributary.source.mysql.snapshot.BinlogFiles;
import io.tributary.source.mysql.snapshot.BinlogStatus;
import io.tributary.source.mysql.snapshot.MySqlChunkReader;
import io.tributary.source.mysql.snapshot.MySqlSnapshotEpoch;
import io.tributary.source.mysql.snapshot.SampledChunkSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * MySQL's and MariaDB's part of the incremental-snapshot source: discovery from
 * information_schema, chunk boundaries sampled along the primary-key index, chunks read in
 * consistent-snapshot transactions, and the binlog read as a replica.
 */
public final class MySqlDialect implements SourceDialect<BinlogPosition, MySqlSnapshotMarker> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MySqlDialect.class);

    private final MySqlSourceOptions options;
    private final MySqlConnectionFactory connections;

    public MySqlDialect(MySqlSourceOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.connections = new MySqlConnectionFactory(options);
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public List<CapturedTable> discoverTables() {
        try (Connection connection = connections.open()) {
            ServerInfo server = ServerInfo.load(connection);
            List<CapturedTable> tables = new MySqlCatalog(connection, server.flavor()).discover(options.tableFilter(), options.chunkKeyColumns());
            if (tables.isEmpty()) {
                throw noTables(options, connections);
            }
            return tables;
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not list the tables of " + connections.describeServer() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The error for table patterns that match nothing the user can see. */
    static TributaryException noTables(MySqlSourceOptions options, MySqlConnectionFactory connections) {
        return new TributaryException(ErrorCode.SOURCE_NO_TABLES, "No table on " + connections.describeServer() + " matches tables = "
                + options.tableFilter() + " that user '" + options.username() + "' can see. Check the patterns (database.table, regular "
                + "expressions, \\. for a regular-expression dot) and that the user has SELECT on the tables.");
    }

    @Override
    public ChunkSplitter createChunkSplitter(CapturedTable table, Optional<Object[]> resumeAfter) {
        return new SampledChunkSplitter(connections.open(), table, options.chunkSize(), resumeAfter);
    }

    @Override
    public BinlogPosition prepareStream() {
        try (Connection connection = connections.open()) {
            ServerInfo server = ServerInfo.load(connection);
            BinlogPosition start = switch (options.startupMode()) {
                case EARLIEST_OFFSET, TIMESTAMP -> BinlogFiles.list(connection).oldest(server.flavor());
                case SPECIFIC_OFFSET -> options.specificOffset().orElseThrow();
                default -> BinlogStatus.current(connection, server.flavor()).orElseThrow(() -> new TributaryException(
                        ErrorCode.SOURCE_MISCONFIGURED, "The binary log is disabled on " + connections.describeServer() + "; streaming reads it."));
            };
            LOG.info("The binlog stream of {} starts at {}", connections.describeServer(), start);
            return start;
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read the binlog position of " + connections.describeServer()
                    + ": " + e.getMessage() + ". The user needs REPLICATION CLIENT (MariaDB: BINLOG MONITOR).", e);
        }
    }

    @Override
    public SnapshotEpoch<MySqlSnapshotMarker> openSnapshotEpoch() {
        try (Connection connection = connections.open()) {
            ServerInfo server = ServerInfo.load(connection);
            if (!server.logBin()) {
                // Only a snapshot-only pipeline gets here (validation refuses streaming without a binlog).
                return new MySqlSnapshotEpoch(new MySqlSnapshotMarker(Optional.empty()));
            }
            return new MySqlSnapshotEpoch(new MySqlSnapshotMarker(BinlogStatus.current(connection, server.flavor())));
        } catch (SQLException e) {
            if (!options.startupMode().streams()) {
                // A snapshot-only pipeline never compares changes against the marker; SELECT is all it needs.
                return new MySqlSnapshotEpoch(new MySqlSnapshotMarker(Optional.empty()));
            }
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read the binlog position of " + connections.describeServer()
                    + ": " + e.getMessage() + ". The user needs REPLICATION CLIENT (MariaDB: BINLOG MONITOR).", e);
        }
    }

    @Override
    public ChunkReader<MySqlSnapshotMarker> openChunkReader() {
        return new MySqlChunkReader(connections, options.fetchSize());
    }

    @Override
    public StreamReader<BinlogPosition> openStreamReader(BinlogPosition start, Map<TableId, TableSchema> schemas,
            SnapshotCoverage<MySqlSnapshotMarker> coverage) {
        ServerFlavor flavor;
        boolean byGtid;
        try (Connection connection = connections.open()) {
            flavor = ServerInfo.load(connection).flavor();
            BinlogFiles files = BinlogFiles.list(connection);
            byGtid = !files.contains(start.file());
            if (byGtid && start.gtidSet().isEmpty()) {
                throw new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "The binlog position " + start + " is no longer on "
                        + connections.describeServer() + ": file " + start.file() + " was purged (the oldest file that remains is "
                        + files.oldestName() + "). To recover, start again with a new snapshot (delete the pipeline's state directory, "
                        + "scan.startup.mode: initial), and keep binlogs longer (binlog_expire_logs_seconds) than the pipeline may be stopped; "
                        + "with GTIDs enabled the pipeline could resume on any server that has its transactions.");
            }
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not list the binlog files of " + connections.describeServer()
                    + ": " + e.getMessage() + ". The user needs REPLICATION CLIENT (MariaDB: BINLOG MONITOR).", e);
        }
        MySqlStreamReader reader = new MySqlStreamReader(options, connections, flavor, start, schemas, coverage, byGtid);
        reader.start();
        return reader;
    }

    @Override
    public SimpleVersionedSerializer<BinlogPosition> positionSerializer() {
        return BinlogPositionSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<MySqlSnapshotMarker> markerSerializer() {
        return MySqlSnapshotMarkerSerializer.INSTANCE;
    }

    MySqlConnectionFactory connections() {
        return connections;
    }
}
