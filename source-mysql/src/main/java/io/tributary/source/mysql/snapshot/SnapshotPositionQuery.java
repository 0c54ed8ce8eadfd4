package io.tributary.source.mysql.snapshot;

import io.tributary.source.mysql.BinlogPosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * MariaDB's binlog position of the current consistent snapshot ({@code binlog_snapshot_file} and
 * {@code binlog_snapshot_position}): the exact view a chunk's transaction reads.
 */
public final class SnapshotPositionQuery {
    private SnapshotPositionQuery() {}

    /** The position, or empty when the server logs no binlog (the status values are then empty). */
    public static Optional<BinlogPosition> current(Connection connection) throws SQLException {
        String file = null;
        long position = -1;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
            while (rs.next()) {
                String name = rs.getString(1).toLowerCase(Locale.ROOT);
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
        return Optional.of(new BinlogPosition(file, position, Optional.empty()));
    }
}
