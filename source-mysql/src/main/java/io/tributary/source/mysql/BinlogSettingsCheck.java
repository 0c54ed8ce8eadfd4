package io.tributary.source.mysql;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.mysql.catalog.ServerFlavor;
import io.tributary.source.mysql.catalog.ServerInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks that the server's binary log can feed a CDC stream: it is on, in ROW format with FULL
 * row images, and the user holds the replication privileges. Each failure says what to change.
 */
final class BinlogSettingsCheck {
    private BinlogSettingsCheck() {}

    static void require(Connection connection, ServerInfo server, String serverName) throws SQLException {
        if (!server.logBin()) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "The binary log is disabled on " + serverName + " (log_bin = OFF); "
                    + "streaming changes reads it. Start the server with log-bin=<name>, binlog_format=ROW, binlog_row_image=FULL and a "
                    + "unique server-id (e.g. in my.cnf), then restart it.");
        }
        if (!"ROW".equalsIgnoreCase(server.binlogFormat())) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "binlog_format is " + server.binlogFormat() + " on " + serverName
                    + "; change data capture needs ROW. Run SET GLOBAL binlog_format = 'ROW' and set binlog_format=ROW in my.cnf; sessions "
                    + "opened before keep the old format until they reconnect.");
        }
        if (!"FULL".equalsIgnoreCase(server.binlogRowImage())) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "binlog_row_image is " + server.binlogRowImage() + " on " + serverName
                    + "; change data capture needs FULL (every column of every changed row). Run SET GLOBAL binlog_row_image = 'FULL' "
                    + "and set binlog_row_image=FULL in my.cnf.");
        }
        List<String> missing = missingReplicationPrivileges(connection, server.flavor());
        if (!missing.isEmpty()) {
            throw new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "User " + server.user() + " on " + serverName + " lacks "
                    + String.join(" and ", missing) + ", needed to read the binary log. An administrator can run: GRANT "
                    + String.join(", ", missing) + " ON *.* TO " + server.user() + ";");
        }
    }

    /** The replication privileges the current user lacks, in GRANT syntax. */
    static List<String> missingReplicationPrivileges(Connection connection, ServerFlavor flavor) throws SQLException {
        boolean slave = false;
        boolean client = false;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
            while (rs.next()) {
                String grant = rs.getString(1).toUpperCase(Locale.ROOT);
                if (!grant.contains(" ON *.* ")) {
                    continue;
                }
                boolean all = grant.contains("ALL PRIVILEGES");
                slave |= all || grant.contains("REPLICATION SLAVE") || grant.contains("REPLICATION REPLICA");
                client |= all || grant.contains("REPLICATION CLIENT") || grant.contains("BINLOG MONITOR");
            }
        }
        List<String> missing = new ArrayList<>();
        if (!slave) {
            missing.add("REPLICATION SLAVE");
        }
        if (!client) {
            missing.add(flavor == ServerFlavor.MARIADB ? "BINLOG MONITOR" : "REPLICATION CLIENT");
        }
        return missing;
    }
}
