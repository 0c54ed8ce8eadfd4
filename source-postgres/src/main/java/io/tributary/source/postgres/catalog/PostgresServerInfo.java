package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the source needs to know about the server, the database and the connected role.
 *
 * @param versionNumber {@code server_version_num}, e.g. 140010
 * @param version {@code server_version}, e.g. 14.10
 * @param walLevel {@code wal_level}
 * @param maxReplicationSlots {@code max_replication_slots}
 * @param encoding the database's encoding, e.g. UTF8
 * @param user the connected role
 * @param superuser whether the role is a superuser
 * @param replication whether the role has the REPLICATION attribute
 */
public record PostgresServerInfo(int versionNumber, String version, String walLevel, int maxReplicationSlots, String encoding,
        String user, boolean superuser, boolean replication) {

    public PostgresServerInfo {
        requireNonNull(version, "version is null");
        requireNonNull(walLevel, "walLevel is null");
        requireNonNull(encoding, "encoding is null");
        requireNonNull(user, "user is null");
    }

    public static PostgresServerInfo load(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('server_version'), "
                        + "current_setting('wal_level'), current_setting('max_replication_slots')::int, pg_catalog.pg_encoding_to_char(d.encoding), "
                        + "r.rolname, r.rolsuper, r.rolreplication "
                        + "FROM pg_catalog.pg_database d, pg_catalog.pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user")) {
            rs.next();
            return new PostgresServerInfo(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                    rs.getBoolean(7), rs.getBoolean(8));
        }
    }

    public boolean hasGeneratedColumns() {
        return versionNumber >= 120000;
    }

    /** {@code pg_current_snapshot()} exists from 13 on; {@code txid_current_snapshot()} before. */
    public String currentSnapshotFunction() {
        return versionNumber >= 130000 ? "pg_catalog.pg_current_snapshot()" : "pg_catalog.txid_current_snapshot()";
    }

    /** An expression for the next 64-bit transaction id, without assigning one. */
    public String nextTransactionIdExpression() {
        return versionNumber >= 130000 ? "pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text::bigint"
                : "pg_catalog.txid_snapshot_xmax(pg_catalog.txid_current_snapshot())";
    }
}
