package io.tributary.source.postgres.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.source.postgres.PostgresConnectionFactory;
import io.tributary.source.postgres.PostgresSnapshotMarker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A repeatable-read, read-only transaction held open on its own connection, whose snapshot is
 * exported for chunk readers ({@code SET TRANSACTION SNAPSHOT}). The exported snapshot lives only
 * as long as this transaction, i.e. until {@link #close()}.
 */
public final class PostgresSnapshotEpoch implements SnapshotEpoch<PostgresSnapshotMarker> {
    private final Connection connection;
    private final String handle;
    private final PostgresSnapshotMarker marker;

    private PostgresSnapshotEpoch(Connection connection, String handle, PostgresSnapshotMarker marker) {
        this.connection = connection;
        this.handle = handle;
        this.marker = marker;
    }

    public static PostgresSnapshotEpoch open(PostgresConnectionFactory connections) {
        requireNonNull(connections, "connections is null");
        return export(connections, connections.open());
    }

    /**
     * Ends this epoch's transaction and exports a new snapshot on the same connection; where the
     * connection no longer answers, on a new one.
     */
    public PostgresSnapshotEpoch renew(PostgresConnectionFactory connections) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            closeQuietly(connection);
            return open(connections);
        }
        return export(connections, connection);
    }

    private static PostgresSnapshotEpoch export(PostgresConnectionFactory connections, Connection connection) {
        try {
            String snapshotFunction = connection.getMetaData().getDatabaseMajorVersion() >= 13
                    ? "pg_catalog.pg_current_snapshot()" : "pg_catalog.txid_current_snapshot()";
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                try (ResultSet rs = statement.executeQuery("SELECT pg_catalog.pg_export_snapshot(), " + snapshotFunction + "::text")) {
                    rs.next();
                    return new PostgresSnapshotEpoch(connection, rs.getString(1), PostgresSnapshotMarker.parse(rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not export a snapshot from " + connections.describeServer() + ": "
                    + e.getMessage() + ". The user needs to be able to run pg_export_snapshot(); on a standby it cannot.", e);
        }
    }

    @Override
    public String handle() {
        return handle;
    }

    @Override
    public PostgresSnapshotMarker marker() {
        return marker;
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The transaction only read; closing the connection below ends it all the same.
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Ending a read-only session cannot lose data.
        }
    }
}
