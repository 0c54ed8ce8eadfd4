package io.tributary.source.postgres;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.jdbc.JdbcConnectionFactory;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Opens pgjdbc connections to the captured database from the source options, and turns a failure
 * to connect into an error that says what to check.
 */
public final class PostgresConnectionFactory extends JdbcConnectionFactory {
    private static final long serialVersionUID = 1L;
    private static final Driver DRIVER = new Driver();

    private final PostgresSourceOptions options;

    public PostgresConnectionFactory(PostgresSourceOptions options) {
        super(options);
        this.options = options;
    }

    /** A normal connection (autocommit on) to the captured database. */
    @Override
    public Connection open() {
        return connect(baseProperties());
    }

    /**
     * A normal connection whose every read gives up after {@code connect.timeout}: the stream's side
     * connection, whose queries every few seconds are how a streaming reader notices a network cut
     * (the replication connection's reads never block, so silence there says nothing).
     */
    public Connection openWithReadTimeout() {
        Properties properties = baseProperties();
        properties.setProperty("socketTimeout", Long.toString(Math.max(1, options.connectTimeout().toSeconds())));
        return connect(properties);
    }

    /** {@code connect.timeout}, which also bounds each read of {@link #openWithReadTimeout()}'s connections. */
    public java.time.Duration readTimeout() {
        return options.connectTimeout();
    }

    /**
     * A connection for reading snapshot chunks: text transfer for every type, so that chunk values
     * go through the same text parsing as the change stream's.
     */
    public Connection openForSnapshot() {
        Properties properties = baseProperties();
        properties.setProperty("binaryTransfer", "false");
        return connect(properties);
    }

    /** A logical replication connection to the captured database. */
    public Connection openReplication() {
        Properties properties = baseProperties();
        properties.setProperty("replication", "database");
        properties.setProperty("assumeMinServerVersion", "10");
        properties.setProperty("preferQueryMode", "simple");
        return connect(properties);
    }

    /** {@code host:port/database}, for messages. */
    @Override
    public String describeServer() {
        return options.hostname() + ":" + options.port() + "/" + options.database();
    }

    private Properties baseProperties() {
        Properties properties = new Properties();
        options.jdbcProperties().forEach(properties::setProperty);
        properties.putAll(credentials());
        properties.setProperty("ApplicationName", "tributary");
        long timeoutSeconds = Math.max(1, options.connectTimeout().toSeconds());
        properties.setProperty("connectTimeout", Long.toString(timeoutSeconds));
        properties.setProperty("loginTimeout", Long.toString(timeoutSeconds));
        properties.setProperty("tcpKeepAlive", "true");
        return properties;
    }

    private Connection connect(Properties properties) {
        return connect(DRIVER, "pgjdbc", "jdbc:postgresql://" + urlHost() + ":" + options.port() + "/" + urlEncode(options.database()), properties);
    }

    @Override
    protected TributaryException connectFailure(SQLException e) {
        String server = "PostgreSQL at " + options.hostname() + ":" + options.port();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = e.getMessage();
        switch (state) {
            case "28P01", "28000" -> {
                if (reason != null && reason.contains("replication")) {
                    return new TributaryException(ErrorCode.SOURCE_AUTHENTICATION_FAILED, server + " refused a replication connection for user '"
                            + options.username() + "': " + reason + ". Allow it in pg_hba.conf with a line for database 'replication' "
                            + "or the captured database, and give the user the REPLICATION attribute.", e);
                }
                return new TributaryException(ErrorCode.SOURCE_AUTHENTICATION_FAILED, server + " rejected user '" + options.username() + "': "
                        + reason + ". Check username and password, and that pg_hba.conf allows this user from this host.", e);
            }
            case "3D000" -> {
                return new TributaryException(ErrorCode.CONFIG_INVALID, server + " has no database '" + options.database() + "' (" + reason
                        + "). The database is the first part of the 'tables' patterns; check its spelling.", e);
            }
            case "42501" -> {
                return new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, server + " refused user '" + options.username() + "': " + reason
                        + ". An administrator can run: GRANT CONNECT ON DATABASE " + options.database() + " TO " + options.username()
                        + " (and ALTER ROLE " + options.username() + " REPLICATION for streaming).", e);
            }
            case "53300" -> {
                return new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, server + " has no free connection slot: " + reason
                        + ". Raise max_connections or close idle sessions.", e);
            }
            default -> {
                return new TributaryException(ErrorCode.SOURCE_UNREACHABLE, "Cannot connect to " + server + ": " + describeCause(e)
                        + ". Check hostname and port, that the server runs and accepts TCP connections from this host "
                        + "(listen_addresses, pg_hba.conf, firewalls), and connect.timeout (" + options.connectTimeout().toSeconds() + "s).", e);
            }
        }
    }

    private static String describeCause(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "connection refused or no route (" + t.getMessage() + ")";
            }
            if (t instanceof SocketTimeoutException) {
                return "timed out (" + t.getMessage() + ")";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "the TLS handshake failed (" + t.getMessage() + "); check the TLS settings in jdbc.properties.* (sslmode, and sslrootcert: "
                        + "the certificate of the authority that signed the server's)";
            }
        }
        return e.getMessage();
    }

    private static String urlEncode(String database) {
        return java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
