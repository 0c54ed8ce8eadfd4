package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The state every {@link JdbcSourceDialect} holds: its source's {@link JdbcSourceTraits}, its
 * options and its connection factory. A source's dialect extends it with what differs.
 *
 * @param <P> the log position type
 * @param <M> the snapshot epoch marker type
 * @param <O> the source's options type
 * @param <C> the source's connection factory type
 */
public abstract class AbstractJdbcSourceDialect<P extends Comparable<P>, M, O extends JdbcSourceOptions, C extends JdbcConnectionFactory>
        implements JdbcSourceDialect<P, M> {
    private static final long serialVersionUID = 1L;

    private final JdbcSourceTraits<P, M> traits;
    private final O options;
    private final C connections;

    protected AbstractJdbcSourceDialect(JdbcSourceTraits<P, M> traits, O options, C connections) {
        this.traits = requireNonNull(traits, "traits is null");
        this.options = requireNonNull(options, "options is null");
        this.connections = requireNonNull(connections, "connections is null");
    }

    @Override
    public final String name() {
        return traits.name();
    }

    @Override
    public final O options() {
        return options;
    }

    @Override
    public final C connections() {
        return connections;
    }

    @Override
    public final SimpleVersionedSerializer<P> positionSerializer() {
        return traits.positionSerializer();
    }

    @Override
    public final SimpleVersionedSerializer<M> markerSerializer() {
        return traits.markerSerializer();
    }

    @Override
    public final String quoteIdentifier(String identifier) {
        return traits.quoting().quote(identifier);
    }

    @Override
    public final String qualifiedName(TableId table) {
        return traits.quoting().qualified(table);
    }

    /** Verified by the source contract on PostgreSQL, MySQL 8 and MariaDB (a change of a table read arrives while another is read, across a crash). */
    @Override
    public boolean readsChunksBesideTheStream() {
        return true;
    }

    @Override
    public final List<CapturedTable> discoverTables() {
        try (Connection connection = connections.open()) {
            return discoverTables(connection);
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not list the tables of " + connections.describeServer() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Asks the database for one row of {@code table} meeting {@code condition}: what it says when it cannot is the problem. */
    @Override
    public final Optional<String> rowConditionProblem(CapturedTable table, String condition) {
        try (Connection connection = connections.open(); Statement statement = connection.createStatement()) {
            statement.setMaxRows(1);
            try (ResultSet rows = statement.executeQuery("SELECT 1 FROM " + qualifiedName(table.tableId()) + " WHERE (" + condition + ")")) {
                rows.next();
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(connections.describeServer() + " cannot select rows of " + table.tableId() + " WHERE " + condition + ": " + e.getMessage());
        }
    }

    /** The tables to capture, read from the catalog on {@code connection}; fails when none matches. */
    protected abstract List<CapturedTable> discoverTables(Connection connection) throws SQLException;
}
