package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLException;

/**
 * Opens JDBC connections to the source database from its options and turns a failure to connect
 * into an error that says what to check. A source supplies its driver, URL, session set-up and
 * the reading of its server's refusals.
 */
public abstract class JdbcConnectionFactory implements Serializable {
    private static final long serialVersionUID = 1L;

    private final JdbcSourceOptions options;

    protected JdbcConnectionFactory(JdbcSourceOptions options) {
        this.options = requireNonNull(options, "options is null");
    }

    /** A normal connection (autocommit on) for catalog queries. */
    public abstract Connection open();

    /** The server, for messages (e.g. {@code host:port/database}). */
    public abstract String describeServer();

    /** What a failed connection attempt means, for the user. */
    protected abstract TributaryException connectFailure(SQLException e);

    protected final JdbcSourceOptions options() {
        return options;
    }

    /** The host as a JDBC URL writes it: an IPv6 address in brackets. */
    protected final String urlHost() {
        String host = options.hostname();
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** {@code user} and, when set, {@code password}. */
    protected final Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", options.username());
        options.password().ifPresent(password -> properties.setProperty("password", password));
        return properties;
    }

    /** Connects through {@code driver} (named {@code driverName} in messages). */
    protected final Connection connect(Driver driver, String driverName, String url, Properties properties) {
        try {
            Connection connection = driver.connect(url, properties);
            if (connection == null) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, driverName + " did not accept the URL " + url + "; check hostname and port");
            }
            return connection;
        } catch (SQLException e) {
            throw connectFailure(e);
        }
    }

    /** The failed TLS handshake behind {@code failure}, if that is what it is. */
    public static Optional<SSLException> tlsFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException tls) {
                return Optional.of(tls);
            }
        }
        return Optional.empty();
    }

    /** Closes a read-only connection; nothing is lost when that fails. */
    public static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a read-only connection or cursor: nothing is lost when it fails.
        }
    }
}
