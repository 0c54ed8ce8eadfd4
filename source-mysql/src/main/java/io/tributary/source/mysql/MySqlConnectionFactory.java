package io.tributary.source.mysql;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.jdbc.JdbcConnectionFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.mariadb.jdbc.Driver;

/**
 * Opens MariaDB Connector/J connections (they serve MySQL too) with the session the source reads
 * under, and turns a failure to connect into an error that says what to check.
 */
public final class MySqlConnectionFactory extends JdbcConnectionFactory {
    private static final long serialVersionUID = 1L;
    private static final int ACCESS_DENIED = 1045;
    /** What to check when the TLS handshake with the server fails, on the snapshot and the binlog connections alike. */
    public static final String CHECK_TLS = "check the TLS settings in jdbc.properties.*: serverSslCert (the PEM certificate of the "
            + "authority that signed the server's; or trustStore with trustStorePassword), and sslMode (verify-full also needs the "
            + "hostname to be named in the server's certificate)";

    public MySqlConnectionFactory(MySqlSourceOptions options) {
        super(options);
    }

    /**
     * A connection (autocommit on) whose session time zone is UTC, so that TIMESTAMP values read
     * as text are instants in UTC, and whose isolation level is REPEATABLE READ, which consistent
     * snapshots need.
     */
    @Override
    public Connection open() {
        Connection connection = connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not set up a session on " + describeServer() + ": " + e.getMessage(), e);
        }
    }

    /** {@code host:port}, for messages. */
    @Override
    public String describeServer() {
        return options().hostname() + ":" + options().port();
    }

    private Connection connect() {
        Properties properties = credentials();
        long timeoutMillis = Math.max(1000, options().connectTimeout().toMillis());
        properties.setProperty("connectTimeout", Long.toString(timeoutMillis));
        properties.setProperty("tcpKeepAlive", "true");
        // MySQL 8 accounts use caching_sha2_password; allow fetching its public key over a plain connection.
        properties.setProperty("allowPublicKeyRetrieval", "true");
        // Flink CDC's jdbc.properties.*: the user's driver properties, which may override the defaults above.
        options().jdbcProperties().forEach(properties::setProperty);
        return connect(new Driver(), "MariaDB Connector/J", "jdbc:mariadb://" + urlHost() + ":" + options().port() + "/", properties);
    }

    @Override
    protected TributaryException connectFailure(SQLException e) {
        String server = "MySQL/MariaDB at " + describeServer();
        if (e.getErrorCode() == ACCESS_DENIED || "28000".equals(e.getSQLState())) {
            return new TributaryException(ErrorCode.SOURCE_AUTHENTICATION_FAILED, server + " rejected user '" + options().username() + "': "
                    + e.getMessage() + ". Check username and password, and that the account may connect from this host ('user'@'host').", e);
        }
        Optional<SSLException> tls = tlsFailure(e);
        if (tls.isPresent()) {
            return new TributaryException(ErrorCode.SOURCE_UNREACHABLE, "Cannot connect to " + server + ": the TLS handshake failed ("
                    + tls.get().getMessage() + "); " + CHECK_TLS + ".", e);
        }
        return new TributaryException(ErrorCode.SOURCE_UNREACHABLE, "Cannot connect to " + server + ": " + e.getMessage()
                + ". Check hostname and port, that the server runs and accepts TCP connections from this host (bind-address, "
                + "firewalls), and connect.timeout (" + options().connectTimeout().toSeconds() + "s).", e);
    }
}
