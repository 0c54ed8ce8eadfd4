package io.tributary.source.oracle;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.jdbc.JdbcConnectionFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import oracle.jdbc.OracleDriver;

/**
 * Opens ojdbc connections whose session is in the container the captured tables live in: a
 * connection to the container database's service starts in its root, so the session switches to
 * the pluggable database the {@code tables} option names ({@code ALTER SESSION SET CONTAINER});
 * where the database has no pluggable databases, or the service is the pluggable database's own,
 * it stays where it is. Sessions read time zones in UTC and compare and sort text by its bytes.
 */
public final class OracleConnectionFactory extends JdbcConnectionFactory {
    private static final long serialVersionUID = 1L;

    private final OracleSourceOptions options;

    public OracleConnectionFactory(OracleSourceOptions options) {
        super(options);
        this.options = options;
    }

    /** A connection (autocommit on) in the tables' container. */
    @Override
    public Connection open() {
        Connection connection = openAtService();
        try {
            enterTablesContainer(connection);
            try (Statement statement = connection.createStatement()) {
                // Binary comparison and sort whatever language ojdbc takes from the JVM's locale, so that chunk
                // boundaries sampled in ORDER BY and the range predicates agree on text keys.
                statement.execute("ALTER SESSION SET TIME_ZONE = 'UTC' NLS_SORT = BINARY NLS_COMP = BINARY");
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            if (OracleFailures.isNoSuchPluggableDatabase(e)) {
                throw OracleFailures.noSuchPluggableDatabase(options.tablesDatabase(), e);
            }
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not set up a session on " + describeServer() + " in "
                    + options.tablesDatabase() + ": " + e.getMessage().trim() + ". In a container database the user needs SET CONTAINER: "
                    + "GRANT SET CONTAINER TO " + options.username() + " CONTAINER=ALL;", e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** A connection where the service puts it (the container's root for a container database's service), for LogMiner's checks. */
    public Connection openAtService() {
        Properties properties = credentials();
        long timeoutMillis = Math.max(1000, options.connectTimeout().toMillis());
        properties.setProperty("oracle.net.CONNECT_TIMEOUT", Long.toString(timeoutMillis));
        properties.setProperty("oracle.jdbc.ReadTimeout", "0");
        options.jdbcProperties().forEach(properties::setProperty);
        return connect(new OracleDriver(), "Oracle JDBC (ojdbc11)", options.jdbcUrl(), properties);
    }

    /** The container the session is in now ({@code CON_NAME}): CDB$ROOT, a pluggable database, or the database of a non-container one. */
    public static String currentContainer(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT SYS_CONTEXT('USERENV', 'CON_NAME') FROM DUAL")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void enterTablesContainer(Connection connection) throws SQLException {
        String container = currentContainer(connection);
        String wanted = options.tablesDatabase();
        if (container == null || container.equalsIgnoreCase(wanted) || !"CDB$ROOT".equalsIgnoreCase(container)) {
            // Already there, or a non-container database (or a pluggable database's own service), whose name 'tables' may spell
            // as the service or the database name.
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER SESSION SET CONTAINER = \"" + wanted.toUpperCase(Locale.ROOT).replace("\"", "") + "\"");
        }
    }

    /** {@code host:port/service}, or the url, for messages. */
    @Override
    public String describeServer() {
        return options.urlGiven() ? options.hostname() : options.hostname() + ":" + options.port() + "/" + options.database().orElse("");
    }

    @Override
    protected TributaryException connectFailure(SQLException e) {
        return OracleFailures.connectFailure(e, describeServer(), options.username(), options.connectTimeout().toSeconds());
    }
}
