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
 * @param defaultCollationIsC whether the database's default collation orders text by bytes (C or POSIX)
 * @param user the connected role
 * @param superuser whether the role is a superuser
 * @param replication whether the role has the REPLICATION attribute
 */
public record PostgresServerInfo(int versionNumber, String version, String walLevel, int maxReplicationSlots, String encoding,
        boolean defaultCollationIsC, String user, boolean superuser, boolean replication) {

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
                        + "d.datcollate, r.rolname, r.rolsuper, r.rolreplication "
                        + "FROM pg_catalog.pg_database d, pg_catalog.pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user")) {
            rs.next();
            int versionNumber = rs.getInt(1);
            boolean byteOrder = "C".equals(rs.getString(6)) || "POSIX".equals(rs.getString(6));
            PostgresServerInfo info = new PostgresServerInfo(versionNumber, rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                    byteOrder, rs.getString(7), rs.getBoolean(8), rs.getBoolean(9));
            if (byteOrder && versionNumber >= 150000) {
                try (ResultSet provider = statement.executeQuery("SELECT datlocprovider FROM pg_catalog.pg_database WHERE datname = current_database()")) {
                    provider.next();
                    return info.withDefaultCollationIsC("c".equals(provider.getString(1)));
                }
            }
            return info;
        }
    }

    private PostgresServerInfo withDefaultCollationIsC(boolean isC) {
        return new PostgresServerInfo(versionNumber, version, walLevel, maxReplicationSlots, encoding, isC, user, superuser, replication);
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

    public boolean isUtf8() {
        return "UTF8".equals(encoding);
    }
}
