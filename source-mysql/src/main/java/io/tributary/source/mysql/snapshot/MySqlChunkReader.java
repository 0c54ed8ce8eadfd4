package io.tributary.source.mysql.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.source.mysql.BinlogPosition;
import io.tributary.source.mysql.MySqlConnectionFactory;
import io.tributary.source.mysql.MySqlSnapshotMarker;
import io.tributary.source.mysql.catalog.ServerFlavor;
import io.tributary.source.mysql.catalog.ServerInfo;
import io.tributary.source.mysql.catalog.MySqlRowReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Reads each chunk in its own {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} transaction
 * (REPEATABLE READ, no locks), streaming its rows {@code fetchSize} at a time. On MariaDB with a
 * binary log, the transaction's exact binlog position ({@code binlog_snapshot_file/position}) is
 * the chunk's marker.
 */
public final class MySqlChunkReader implements ChunkReader<MySqlSnapshotMarker> {
    private final MySqlConnectionFactory connections;
    private final int fetchSize;
    private Connection connection;
    private boolean snapshotPositions;

    public MySqlChunkReader(MySqlConnectionFactory connections, int fetchSize) {
        this.connections = requireNonNull(connections, "connections is null");
        this.fetchSize = fetchSize;
    }

    @Override
    public RowCursor<MySqlSnapshotMarker> open(SnapshotSplit chunk, SnapshotView<MySqlSnapshotMarker> view) {
        TableId tableId = chunk.tableId();
        TableSchema schema = chunk.schema();
        ChunkRange range = chunk.range();
        try {
            if (connection == null) {
                connection = connections.open();
                ServerInfo server = ServerInfo.load(connection);
                snapshotPositions = server.flavor() == ServerFlavor.MARIADB && server.logBin();
            }
            Optional<MySqlSnapshotMarker> marker = Optional.empty();
            try (Statement begin = connection.createStatement()) {
                begin.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                if (snapshotPositions) {
                    marker = snapshotPosition(begin);
                }
            }
            PreparedStatement statement = connection.prepareStatement(ChunkQueries.selectRange(tableId, schema, chunk.chunkKey(), range));
            statement.setFetchSize(fetchSize);
            ChunkQueries.bind(statement, range);
            return new Cursor(tableId, statement, statement.executeQuery(), new MySqlRowReader(schema.columns()), marker);
        } catch (SQLException e) {
            endTransaction();
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read chunk " + range + " of " + tableId + ": " + e.getMessage(), e);
        }
    }

    /** MariaDB's binlog position of the current consistent snapshot. */
    private static Optional<MySqlSnapshotMarker> snapshotPosition(Statement statement) throws SQLException {
        String file = null;
        long position = -1;
        try (ResultSet rs = statement.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
            while (rs.next()) {
                String name = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
                if (name.equals("binlog_snapshot_file")) {
                    file = rs.getString(2);
                } else if (name.equals("binlog_snapshot_position")) {
                    position = rs.getLong(2);
                }
            }
        }
        if (file == null || file.isEmpty() || position < 0) {
            return Optional.empty();
        }
        return Optional.of(new MySqlSnapshotMarker(Optional.of(new BinlogPosition(file, position, Optional.empty()))));
    }

    private void endTransaction() {
        if (connection == null) {
            return;
        }
        try (Statement commit = connection.createStatement()) {
            commit.execute("COMMIT");
        } catch (SQLException e) {
            // The connection is broken; the next open() fails with the cause, or close() drops it.
            MySqlConnectionFactory.closeQuietlyConnection(connection);
            connection = null;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            MySqlConnectionFactory.closeQuietlyConnection(connection);
            connection = null;
        }
    }

    private final class Cursor implements RowCursor<MySqlSnapshotMarker> {
        private final TableId tableId;
        private final PreparedStatement statement;
        private final ResultSet rows;
        private final MySqlRowReader reader;
        private final Optional<MySqlSnapshotMarker> marker;

        Cursor(TableId tableId, PreparedStatement statement, ResultSet rows, MySqlRowReader reader, Optional<MySqlSnapshotMarker> marker) {
            this.tableId = tableId;
            this.statement = statement;
            this.rows = rows;
            this.reader = reader;
            this.marker = marker;
        }

        @Override
        public Optional<MySqlSnapshotMarker> marker() {
            return marker;
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
            } catch (SQLException e) {
                throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Reading a row of " + tableId + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                rows.close();
                statement.close();
            } catch (SQLException e) {
                // Ending the transaction below reports a broken connection.
            }
            endTransaction();
        }
    }
}
