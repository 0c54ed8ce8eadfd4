package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.replication.LogSequenceNumber;

/**
 * A row of {@code pg_replication_slots}.
 *
 * @param name the slot name
 * @param plugin its output plugin (null for a physical slot)
 * @param database the database it decodes (null for a physical slot)
 * @param confirmedFlushLsn the position the consumer confirmed (0 when unknown)
 * @param lost whether the server removed WAL the slot still needed ({@code wal_status = 'lost'}, 13+)
 * @param active whether a process is streaming from it now
 * @param lagBytes WAL the server keeps for the slot beyond its confirmed position
 */
public record ReplicationSlot(String name, String plugin, String database, long confirmedFlushLsn, boolean lost, boolean active, long lagBytes) {
    public ReplicationSlot {
        requireNonNull(name, "name is null");
    }

    public static Optional<ReplicationSlot> find(Connection connection, String name) throws SQLException {
        boolean hasWalStatus = connection.getMetaData().getDatabaseMajorVersion() >= 13;
        String sql = "SELECT slot_name, plugin, database, confirmed_flush_lsn::text, " + (hasWalStatus ? "wal_status = 'lost'" : "false")
                + ", active, COALESCE(pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint "
                + "FROM pg_catalog.pg_replication_slots WHERE slot_name = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String confirmed = rs.getString(4);
                return Optional.of(new ReplicationSlot(rs.getString(1), rs.getString(2), rs.getString(3),
                        confirmed == null ? 0 : LogSequenceNumber.valueOf(confirmed).asLong(), rs.getBoolean(5), rs.getBoolean(6), rs.getLong(7)));
            }
        }
    }

    public boolean isLogical() {
        return plugin != null;
    }

    public String confirmedFlush() {
        return LogSequenceNumber.valueOf(confirmedFlushLsn).asString();
    }
}
