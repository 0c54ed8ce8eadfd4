package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.spi.ValidationReport;
import io.tributary.source.jdbc.snapshot.ChunkPlanner;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Checks, without changing anything, that a run can start, on one catalog connection: each
 * database checks its own server, settings, privileges and tables, and reports what it found.
 *
 * @param <D> the database's dialect
 */
public abstract class JdbcSourceValidator<D extends JdbcSourceDialect<?, ?>> {
    private final D dialect;
    private final ChunkPlanner planner;

    protected JdbcSourceValidator(D dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.planner = new ChunkPlanner(dialect);
    }

    /** Connects (failing with what to check when the server cannot be reached) and runs the checks. */
    public final ValidationReport validate() {
        try (Connection connection = dialect.connections().open()) {
            return check(connection);
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Validation could not read the catalog of "
                    + dialect.connections().describeServer() + ": " + e.getMessage(), e);
        }
    }

    /** The checks and findings on an open catalog connection; fails with a {@link TributaryException} that says what to change. */
    protected abstract ValidationReport check(Connection connection) throws SQLException;

    protected final D dialect() {
        return dialect;
    }

    /** How the snapshot would cut a table, for the findings. */
    protected final ChunkPlanner planner() {
        return planner;
    }
}
