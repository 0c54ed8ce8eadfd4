package io.tributary.source.postgres;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.core.model.Column;
import io.tributary.source.jdbc.JdbcConnectionFactory;
import io.tributary.source.jdbc.AbstractJdbcSourceDialect;
import io.tributary.source.jdbc.IdentifierQuoting;
import io.tributary.source.jdbc.JdbcSourceTraits;
import io.tributary.source.jdbc.snapshot.KeyLayout;
import io.tributary.source.postgres.catalog.KeyLayoutLoader;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresRowReader;
import io.tributary.source.postgres.catalog.PostgresServerInfo;
import io.tributary.source.postgres.catalog.PostgresTable;
import io.tributary.source.postgres.catalog.PostgresValueFormatter;
import io.tributary.source.postgres.catalog.SqlNames;
import io.tributary.source.postgres.snapshot.PostgresSnapshotEpoch;
import io.tributary.source.postgres.stream.PostgresStreamPreparer;
import io.tributary.source.postgres.stream.PostgresStreamReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's part of the incremental-snapshot source: snapshot chunks read under exported
 * snapshots, changes from a pgoutput logical replication slot, and per-change visibility checks
 * against the snapshots (see {@link PostgresPosition} and {@link PostgresSnapshotMarker}). Chunk
 * splitting and reading are source-jdbc's, over pgjdbc with text transfer and bounds cast to the
 * key columns' types.
 *
 * <p>It keeps the default {@link #chunkKeyOrder}: chunks follow the chunk key's index, text in its
 * column's collation, which Java does not reproduce. For upsert sinks the stream never locates a
 * keyed table's key among chunks; for a sink that rolls back it does after a restart in the
 * middle of the snapshot (parts of several epochs), where Java's order of text keys matches the
 * index only for the C collation. A table without a chunk key is one chunk without bounds.
 */
public final class PostgresDialect extends AbstractJdbcSourceDialect<PostgresPosition, PostgresSnapshotMarker, PostgresSourceOptions, PostgresConnectionFactory> {
    private static final long serialVersionUID = 1L;
    private static final JdbcSourceTraits<PostgresPosition, PostgresSnapshotMarker> TRAITS = new JdbcSourceTraits<>("postgres",
            IdentifierQuoting.DOUBLE_QUOTES_BY_SCHEMA, PostgresPositionSerializer.INSTANCE, PostgresSnapshotMarkerSerializer.INSTANCE);

    public PostgresDialect(PostgresSourceOptions options) {
        super(TRAITS, options, new PostgresConnectionFactory(requireNonNull(options, "options is null")));
    }

    /**
     * The tables this instance discovered last: the enumerator discovers, then prepares the stream,
     * which must know exactly which tables the snapshot reads (see {@link #prepareStream}).
     */
    private transient volatile List<TableId> lastDiscovered;

    @Override
    protected List<CapturedTable> discoverTables(Connection connection) throws SQLException {
        PostgresCatalog catalog = new PostgresCatalog(connection, PostgresServerInfo.load(connection));
        List<PostgresTable> tables = catalog.discover(options().tableFilter());
        PostgresTableChecks.requireCapturable(tables, catalog, options());
        List<CapturedTable> captured = catalog.captured(tables, options().chunkKeyColumns());
        lastDiscovered = captured.stream().map(CapturedTable::tableId).toList();
        return captured;
    }

    /**
     * Prepares the stream for the tables discovered just before (or discovers them). A table that
     * matches 'tables' but is missing from them is, once the slot exists, one created since: where
     * the publication covers tables created later, the stream would take it for new without its
     * first rows, so preparing fails and the job starts again, discovering it.
     */
    @Override
    public PostgresPosition prepareStream() {
        List<TableId> discovered = lastDiscovered;
        if (discovered == null) {
            discoverTables();
            discovered = lastDiscovered;
        }
        return preparer().prepare(discovered, this::matchingTables);
    }

    private List<TableId> matchingTables() {
        try (Connection connection = connections().open()) {
            return new PostgresCatalog(connection, PostgresServerInfo.load(connection)).discover(options().tableFilter()).stream()
                    .map(PostgresTable::tableId).toList();
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not list the tables of " + connections().describeServer() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Adds the joining tables to the publication (if it does not hold them), so pgoutput sends their changes from now on. */
    @Override
    public void addToStream(List<TableId> tables) {
        preparer().addToPublication(tables);
    }

    @Override
    public SnapshotEpoch<PostgresSnapshotMarker> openSnapshotEpoch() {
        return PostgresSnapshotEpoch.open(connections());
    }

    /** A new exported snapshot on the previous one's connection: the connection, its authentication above all, is what a view costs. */
    @Override
    public SnapshotEpoch<PostgresSnapshotMarker> renewSnapshotEpoch(SnapshotEpoch<PostgresSnapshotMarker> previous) {
        if (previous instanceof PostgresSnapshotEpoch epoch) {
            return epoch.renew(connections());
        }
        previous.close();
        return openSnapshotEpoch();
    }

    @Override
    public StreamReader<PostgresPosition> openStreamReader(PostgresPosition start, Map<TableId, TableSchema> schemas,
            SnapshotCoverage<PostgresSnapshotMarker> coverage) {
        PostgresStreamReader.Settings settings = new PostgresStreamReader.Settings(options().tableFilter(), options().requireSlotName(),
                options().requirePublicationName(), options().heartbeatInterval(), options().heartbeatActionQuery());
        return PostgresStreamReader.open(connections(), settings, start, schemas, coverage);
    }

    @Override
    public boolean viewHoldsStream(StreamReader<PostgresPosition> reader, PostgresPosition resumePosition, PostgresSnapshotMarker view) {
        return ((PostgresStreamReader) reader).emittedVisibleIn(view);
    }

    /** Chunks are read beside the stream for every sink: a change's transaction id says whether a view holds it. */
    @Override
    public boolean locatesChangesInViews() {
        return true;
    }

    /** The transaction id the change carries in its source position (as Debezium's {@code txId}) decides, by the view's snapshot. */
    @Override
    public boolean viewHoldsChange(PostgresSnapshotMarker view, StreamRecord<PostgresPosition> record) {
        Object txId = record.event().filter(DataChangeEvent.class::isInstance).map(DataChangeEvent.class::cast).flatMap(DataChangeEvent::sourcePosition).map(source -> source.fields().get("txId"))
                .orElseThrow(() -> new IllegalArgumentException("a PostgreSQL change without its transaction id: " + record));
        return view.isVisibleServerId((Long) txId);
    }

    @Override
    public List<String> releaseStream() {
        if (options().slotDropOnStop() && options().slotName().isPresent()) {
            return preparer().dropSlot();
        }
        return List.of();
    }

    @Override
    public List<String> dropStream() {
        return preparer().drop();
    }

    private PostgresStreamPreparer preparer() {
        return new PostgresStreamPreparer(connections(), options().requireSlotName(), options().requirePublicationName(), options().tableFilter());
    }

    /** Each bound binds as text cast to the key column's base type, whose default collation lets the column's own win. */
    @Override
    public KeyLayout keyLayout(Connection connection, CapturedTable table) throws SQLException {
        return new KeyLayoutLoader(connection).load(table.tableId(), table.chunkKey().columns());
    }

    @Override
    public void bindKeyValue(PreparedStatement statement, int index, Object value) throws SQLException {
        statement.setString(index, PostgresValueFormatter.format(value));
    }

    @Override
    public PostgresRowReader rowReader(List<Column> columns) {
        return new PostgresRowReader(columns);
    }

    /** Text transfer for every type, so that chunk values go through the same parsing as the change stream's. */
    @Override
    public Connection openSnapshotConnection() {
        Connection connection = connections().openForSnapshot();
        try {
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            JdbcConnectionFactory.closeQuietly(connection);
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not set up a snapshot session on " + connections().describeServer()
                    + ": " + e.getMessage(), e);
        }
    }

    /** A repeatable-read transaction that imports the epoch's exported snapshot. */
    @Override
    public void beginSnapshotTransaction(Connection connection, SnapshotView<PostgresSnapshotMarker> view) throws SQLException {
        String epochHandle = view.handle();
        try (Statement statement = connection.createStatement()) {
            // Both must come first in the transaction; one round trip.
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET TRANSACTION SNAPSHOT " + SqlNames.literal(epochHandle));
        } catch (SQLException e) {
            if ("22023".equals(e.getSQLState())) {
                throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The snapshot epoch " + epochHandle + " no longer exists on "
                        + connections().describeServer() + " (its exporting transaction ended, e.g. the enumerator restarted); the pipeline restarts from its "
                        + "last checkpoint and reads the chunk under a new epoch.", e);
            }
            throw e;
        }
    }

    /** Rolls back: the transaction only read, so that ends it as a commit would, and it also ends one a failure aborted. */
    @Override
    public void endSnapshotTransaction(Connection connection) throws SQLException {
        connection.rollback();
    }
}
