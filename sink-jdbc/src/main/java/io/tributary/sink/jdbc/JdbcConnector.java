package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/** Opens connections to the target and turns a failure to connect into a message the user can act on. */
final class JdbcConnector {
    private final JdbcSinkConfig config;
    private final JdbcDialect dialect;

    JdbcConnector(JdbcSinkConfig config, JdbcDialect dialect) {
        this.config = requireNonNull(config, "config is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    JdbcDialect dialect() {
        return dialect;
    }

    /** A connection with auto-commit off. */
    Connection open() throws SQLException {
        Connection connection = dialect.connect(config.url(), config.driverPropertiesCopy());
        if (connection == null) {
            throw new SQLException("the " + dialect.name() + " driver does not accept the url " + config.url());
        }
        try {
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw e;
        }
    }

    /** Opens a connection, or fails with SINK_AUTHENTICATION_FAILED or SINK_UNREACHABLE. */
    Connection openOrFail() {
        try {
            return open();
        } catch (SQLException e) {
            throw connectFailure(e);
        }
    }

    TributaryException connectFailure(SQLException failure) {
        if (dialect.isAuthenticationFailure(failure)) {
            return new TributaryException(ErrorCode.SINK_AUTHENTICATION_FAILED,
                    dialect.name() + " at " + hostAndPort() + " refused user " + config.userForMessages() + ": " + failure.getMessage()
                            + "; check the sink's username and password.",
                    failure);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException tls) {
                return new TributaryException(ErrorCode.SINK_UNREACHABLE, "cannot connect to " + hostAndPort() + ": the TLS handshake failed ("
                        + tls.getMessage() + "); check the TLS settings in the url: " + dialect.tlsSettings() + ".", failure);
            }
        }
        return new TributaryException(ErrorCode.SINK_UNREACHABLE,
                "cannot connect to " + hostAndPort() + ": " + failure.getMessage() + "; check url and that the server is running.",
                failure);
    }

    /** {@code host:port} from a URL of the form {@code jdbc:scheme://host[:port][/db][?props]}. */
    String hostAndPort() {
        String url = config.url();
        int start = url.indexOf("//");
        if (start < 0) {
            return url;
        }
        String authority = url.substring(start + 2);
        int end = authority.length();
        for (char stop : new char[] {'/', '?', ','}) {
            int at = authority.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        authority = authority.substring(authority.lastIndexOf('@', end - 1) + 1, end);
        if (authority.isEmpty()) {
            authority = "localhost";
        }
        boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
        return hasPort ? authority : authority + ":" + dialect.defaultPort();
    }

    static void closeQuietly(Connection connection, Throwable failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
