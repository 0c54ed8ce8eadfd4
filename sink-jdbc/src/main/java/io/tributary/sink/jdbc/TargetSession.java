package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.metrics.SinkMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer's connection to the target, reopened when lost, and the retry of a unit of work that
 * failed for a transient reason: the work runs again from its start on a new connection, which is
 * safe because each unit is one transaction of idempotent statements.
 */
final class TargetSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TargetSession.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final JdbcConnector connector;
    private final int maxRetries;
    private final String writerName;
    private Connection connection;
    private String defaultNamespace;
    private final SinkMetrics metrics;

    /** Work in one transaction; it commits itself. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    TargetSession(JdbcConnector connector, int maxRetries, String writerName, SinkMetrics metrics) {
        this.connector = requireNonNull(connector, "connector is null");
        this.maxRetries = maxRetries;
        this.writerName = requireNonNull(writerName, "writerName is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /**
     * Runs the work, retrying transient failures. A failure to connect ends as the connector's
     * SINK_UNREACHABLE or SINK_AUTHENTICATION_FAILED; other failures are rethrown after rollback.
     */
    <T> T run(String what, Work<T> work) throws SQLException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Connection current;
            try {
                current = connection();
            } catch (SQLException e) {
                metrics.failed();
                if (!connector.dialect().isTransient(e) || attempt >= maxRetries) {
                    throw connector.connectFailure(e);
                }
                pauseBeforeRetry(what, attempt, e);
                continue;
            }
            try {
                return work.run(current);
            } catch (SQLException e) {
                metrics.failed();
                rollbackQuietly(current, e);
                if (!connector.dialect().isTransient(e) || attempt >= maxRetries) {
                    throw e;
                }
                discardConnection(e);
                pauseBeforeRetry(what, attempt, e);
            }
        }
    }

    /** The namespace of table ids without one, read once from the first connection. */
    String defaultNamespace() throws SQLException, InterruptedException {
        if (defaultNamespace == null) {
            defaultNamespace = run("read the default schema", c -> {
                String namespace = connector.dialect().defaultNamespace(c);
                c.commit();
                return namespace;
            });
        }
        return defaultNamespace;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = connector.open();
        }
        return connection;
    }

    private void pauseBeforeRetry(String what, int attempt, SQLException failure) throws InterruptedException {
        long millis = Math.min(FIRST_BACKOFF.toMillis() << attempt, MAX_BACKOFF.toMillis());
        LOG.warn("{}: could not {} ({}); retrying in {} ms, attempt {} of {}", writerName, what, failure.getMessage(), millis,
                attempt + 1, maxRetries);
        // A pause between attempts, not coordination: the writer has nothing else to do meanwhile.
        Thread.sleep(millis);
    }

    private void rollbackQuietly(Connection current, SQLException failure) {
        try {
            current.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private void discardConnection(SQLException failure) {
        if (connection != null) {
            JdbcConnector.closeQuietly(connection, failure);
            connection = null;
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            Connection closing = connection;
            connection = null;
            closing.close();
        }
    }
}
