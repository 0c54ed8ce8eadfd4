package io.tributary.source.mysql.snapshot;

import io.tributary.source.mysql.BinlogPosition;
import io.tributary.source.mysql.catalog.ServerFlavor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** Reads the server's current binary-log position and GTID set. */
public final class BinlogStatus {
    private BinlogStatus() {}

    /** The current position, or empty when the server writes no binary log. */
    public static Optional<BinlogPosition> current(Connection connection, ServerFlavor flavor) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = showStatus(statement, flavor)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String file = rs.getString("File");
            long position = rs.getLong("Position");
            Optional<String> gtids = flavor == ServerFlavor.MYSQL ? Optional.ofNullable(rs.getString("Executed_Gtid_Set")) : Optional.empty();
            if (flavor == ServerFlavor.MARIADB) {
                try (ResultSet gtid = statement.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
                    gtid.next();
                    gtids = Optional.ofNullable(gtid.getString(1));
                }
            }
            return Optional.of(new BinlogPosition(file, position, gtids));
        }
    }

    private static ResultSet showStatus(Statement statement, ServerFlavor flavor) throws SQLException {
        if (flavor == ServerFlavor.MARIADB) {
            return statement.executeQuery("SHOW MASTER STATUS");
        }
        try {
            // MySQL 8.2 and later; 8.4 removed SHOW MASTER STATUS.
            return statement.executeQuery("SHOW BINARY LOG STATUS");
        } catch (SQLException e) {
            return statement.executeQuery("SHOW MASTER STATUS");
        }
    }
}
