package io.tributary.source.postgres.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.source.postgres.PostgresSnapshotMarker;
import io.tributary.source.postgres.PostgresConnectionFactory;
import io.tributary.source.postgres.catalog.KeyLayout;
import io.tributary.source.postgres.catalog.KeyLayoutLoader;
import io.tributary.source.postgres.catalog.PostgresRowReader;
import io.tributary.source.postgres.catalog.SqlNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads chunks on one connection. Each chunk is read in its own repeatable-read transaction that
 * imports the epoch's exported snapshot and ends when the chunk's cursor closes, so an idle
 * reader never holds back vacuum. Rows come through a server-side cursor ({@code fetchSize} rows
 * per round trip), so memory does not grow with the chunk.
 */
public final class PostgresChunkReader implements ChunkReader<PostgresSnapshotMarker> {
    private final PostgresConnectionFactory connections;
    private final int fetchSize;
    private final Map<TableId, KeyLayout> layouts = new HashMap<>();
    private Connection connection;
    private KeyLayoutLoader layoutLoader;

    public PostgresChunkReader(PostgresConnectionFactory connections, int fetchSize) {
        this.connections = requireNonNull(connections, "connections is null");
        this.fetchSize = fetchSize;
    }

    @Override
    public RowCursor<PostgresSnapshotMarker> open(SnapshotSplit chunk, SnapshotView<PostgresSnapshotMarker> view) {
        requireNonNull(view, "view is null");
        TableId tableId = chunk.tableId();
        TableSchema schema = chunk.schema();
        ChunkRange range = chunk.range();
        try {
            if (connection == null) {
                connection = connections.openForSnapshot();
                connection.setAutoCommit(false);
                layoutLoader = new KeyLayoutLoader(connection);
            }
            KeyLayout layout = layoutFor(tableId, chunk.chunkKey());
            beginSnapshotTransaction(view.handle());
            ChunkQueries.Query query = ChunkQueries.chunk(tableId, schema, layout, range);
            PreparedStatement statement = query.bind(connection.prepareStatement(query.sql()));
            statement.setFetchSize(fetchSize);
            return new PostgresRowCursor(tableId, statement, statement.executeQuery(), new PostgresRowReader(schema.columns()), this::endTransaction);
        } catch (SQLException e) {
            abortTransaction();
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read chunk " + range + " of " + tableId + ": " + e.getMessage(), e);
        }
    }

    private KeyLayout layoutFor(TableId tableId, ChunkKey chunkKey) throws SQLException {
        KeyLayout layout = layouts.get(tableId);
        if (layout == null) {
            layout = layoutLoader.load(tableId, chunkKey.columns());
            layouts.put(tableId, layout);
            connection.commit();
        }
        return layout;
    }

    private void beginSnapshotTransaction(String handle) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // Both must come first in the transaction; one round trip.
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET TRANSACTION SNAPSHOT " + SqlNames.literal(handle));
        } catch (SQLException e) {
            abortTransaction();
            if ("22023".equals(e.getSQLState())) {
                throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The snapshot epoch " + handle + " no longer exists on "
                        + connections.describeServer() + " (its exporting transaction ended, e.g. the enumerator restarted); the pipeline restarts from its "
                        + "last checkpoint and reads the chunk under a new epoch.", e);
            }
            throw e;
        }
    }

    private void endTransaction() {
        try {
            connection.commit();
        } catch (SQLException e) {
            abortTransaction();
        }
    }

    private void abortTransaction() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                // The transaction only read; the next chunk starts a new one or fails on its own.
            }
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            abortTransaction();
            try {
                connection.close();
            } catch (SQLException e) {
                // Ending a read-only session cannot lose data.
            }
            connection = null;
        }
    }

    /** The rows of one chunk; closing it ends the chunk's transaction. */
    private static final class PostgresRowCursor implements RowCursor<PostgresSnapshotMarker> {
        private final TableId tableId;
        private final PreparedStatement statement;
        private final ResultSet rows;
        private final PostgresRowReader reader;
        private final Runnable onClose;

        PostgresRowCursor(TableId tableId, PreparedStatement statement, ResultSet rows, PostgresRowReader reader, Runnable onClose) {
            this.tableId = tableId;
            this.statement = statement;
            this.rows = rows;
            this.reader = reader;
            this.onClose = onClose;
        }

        @Override
        public boolean next() {
            try {
                return rows.next();
            } catch (SQLException e) {
                throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Reading a chunk of " + tableId + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public Object[] row() {
            try {
                return reader.read(rows);
            } catch (SQLException | IllegalArgumentException e) {
                throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read a row of " + tableId + ": " + e.getMessage()
                        + ". Exclude the table with tables.exclude if it holds values the source cannot represent.", e);
            }
        }

        @Override
        public void close() {
            try {
                rows.close();
                statement.close();
            } catch (SQLException e) {
                // Closing the cursor of a read-only transaction cannot lose data.
            }
            onClose.run();
        }
    }
}
