package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.spi.ValidationReport;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Checks, without changing anything, that a run can start, on one catalog connection: each
 * database checks its own server, settings, privileges and tables, and reports what it found.
 */
public abstract class JdbcSourceValidator {
    private final JdbcConnectionFactory connections;

    protected JdbcSourceValidator(JdbcConnectionFactory connections) {
        this.connections = requireNonNull(connections, "connections is null");
    }

    /** Connects (failing with what to check when the server cannot be reached) and runs the checks. */
    public final ValidationReport validate() {
        try (Connection connection = connections.open()) {
            return check(connection);
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Validation could not read the catalog of " + connections.describeServer()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The checks and findings on an open catalog connection; fails with a {@link TributaryException} that says what to change. */
    protected abstract ValidationReport check(Connection connection) throws SQLException;

    protected final JdbcConnectionFactory connections() {
        return connections;
    }
}
