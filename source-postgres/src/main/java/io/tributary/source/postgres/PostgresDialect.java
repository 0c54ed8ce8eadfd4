package io.tributary.source.postgres;

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
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresServerInfo;
import io.tributary.source.postgres.catalog.PostgresTable;
import io.tributary.source.postgres.snapshot.ChunkPlanner;
import io.tributary.source.postgres.snapshot.PostgresChunkReader;
import io.tributary.source.postgres.snapshot.PostgresSnapshotEpoch;
import io.tributary.source.postgres.stream.PostgresStreamPreparer;
import io.tributary.source.postgres.stream.PostgresStreamReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * PostgreSQL's part of the incremental-snapshot source: snapshot chunks read under exported
 * snapshots, changes from a pgoutput logical replication slot, and per-change visibility checks
 * against the snapshots (see {@link PostgresPosition} and {@link PostgresSnapshotMarker}).
 *
 * <p>It keeps the default {@link #chunkKeyOrder}: chunks follow the chunk key's index, text in its
 * column's collation, which Java does not reproduce. For upsert sinks the stream never locates a
 * keyed table's key among chunks; for a sink that rolls back it does after a restart in the
 * middle of the snapshot (parts of several epochs), where Java's order of text keys matches the
 * index only for the C collation. A table without a chunk key is one chunk without bounds.
 */
public final class PostgresDialect implements SourceDialect<PostgresPosition, PostgresSnapshotMarker> {
    private static final long serialVersionUID = 1L;

    private final PostgresSourceOptions options;
    private final PostgresConnectionFactory connections;

    public PostgresDialect(PostgresSourceOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.connections = new PostgresConnectionFactory(options);
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public List<CapturedTable> discoverTables() {
        try (Connection connection = connections.open()) {
            PostgresServerInfo server = PostgresServerInfo.load(connection);
            PostgresCatalog catalog = new PostgresCatalog(connection, server);
            List<PostgresTable> tables = catalog.discover(options.tableFilter());
            PostgresTableChecks.requireCapturable(tables, catalog, options);
            return catalog.captured(tables, options.chunkKeyColumns());
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not list the tables of " + connections.describeServer() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public ChunkSplitter createChunkSplitter(CapturedTable table, Optional<Object[]> resumeAfter) {
        Connection connection = connections.open();
        try {
            ChunkPlanner planner = planner();
            ChunkPlanner.ChunkPlan plan = planner.plan(connection, table);
            return planner.splitter(plan, connection, table, resumeAfter);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not plan the chunks of " + table.tableId() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    ChunkPlanner planner() {
        return new ChunkPlanner(options.chunkSize(), options.evenDistributionLower(), options.evenDistributionUpper());
    }

    @Override
    public PostgresPosition prepareStream() {
        List<TableId> tables = discoverTables().stream().map(CapturedTable::tableId).toList();
        return preparer().prepare(tables);
    }

    @Override
    public SnapshotEpoch<PostgresSnapshotMarker> openSnapshotEpoch() {
        return PostgresSnapshotEpoch.open(connections);
    }

    @Override
    public ChunkReader<PostgresSnapshotMarker> openChunkReader() {
        return new PostgresChunkReader(connections, options.fetchSize());
    }

    @Override
    public StreamReader<PostgresPosition> openStreamReader(PostgresPosition start, Map<TableId, TableSchema> schemas,
            SnapshotCoverage<PostgresSnapshotMarker> coverage) {
        PostgresStreamReader.Settings settings = new PostgresStreamReader.Settings(options.database(), options.requireSlotName(),
                options.requirePublicationName(), options.heartbeatInterval(), options.heartbeatActionQuery());
        return PostgresStreamReader.open(connections, settings, start, schemas, coverage);
    }

    @Override
    public void releaseStream() {
        if (options.slotDropOnStop() && options.slotName().isPresent()) {
            preparer().dropSlot();
        }
    }

    private PostgresStreamPreparer preparer() {
        return new PostgresStreamPreparer(connections, options.database(), options.requireSlotName(), options.requirePublicationName());
    }

    @Override
    public SimpleVersionedSerializer<PostgresPosition> positionSerializer() {
        return PostgresPositionSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PostgresSnapshotMarker> markerSerializer() {
        return PostgresSnapshotMarkerSerializer.INSTANCE;
    }

    PostgresConnectionFactory connections() {
        return connections;
    }

    PostgresSourceOptions options() {
        return options;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // A catalog connection: nothing is lost when closing it fails.
        }
    }
}
