package io.tributary.source.mysql.catalog;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The server's version, flavour and the binary-log settings a CDC source depends on. */
public record ServerInfo(String version, String user, boolean logBin, String binlogFormat, String binlogRowImage) {
    public ServerInfo {
        requireNonNull(version, "version is null");
        requireNonNull(user, "user is null");
        requireNonNull(binlogFormat, "binlogFormat is null");
        requireNonNull(binlogRowImage, "binlogRowImage is null");
    }

    /** MySQL or MariaDB, as the version string tells. */
    public ServerFlavor flavor() {
        return ServerFlavor.fromVersion(version);
    }

    public static ServerInfo load(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT VERSION(), CURRENT_USER(), @@GLOBAL.log_bin, @@GLOBAL.binlog_format, @@GLOBAL.binlog_row_image")) {
            rs.next();
            return new ServerInfo(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getString(4), rs.getString(5));
        }
    }

    /** E.g. {@code MariaDB 11.4.5-MariaDB-log}. */
    public String describe() {
        return (flavor() == ServerFlavor.MARIADB ? "MariaDB " : "MySQL ") + version;
    }
}
