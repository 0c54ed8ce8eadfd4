package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.FatalFailures;
import io.tributary.core.error.TributaryException;
import io.tributary.core.metrics.SinkMetrics;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.schema.RowProjection;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the events of one sink subtask. Row changes are buffered and written in one transaction
 * when the buffer is full and at every {@link #flush} (before each checkpoint barrier), so a
 * checkpoint completes only after its rows are committed. Writes are idempotent upserts and
 * deletes per primary key, so the rows written again after a restart leave the same table.
 * A schema change first writes the buffer, then alters the target table.
 */
final class JdbcSinkWriter implements SinkWriter<Event> {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSinkWriter.class);

    private final String writerName;
    private final int maxBufferedRows;
    private final JdbcDialect dialect;
    private final TargetSession session;
    private final SchemaApplier schemaApplier;
    private final TableWriter tableWriter;
    private final Counter rowsWritten;
    private final SinkMetrics metrics;
    private final ChangeBuffer buffer = new ChangeBuffer();
    private final Map<TableId, TableSchema> schemas = new HashMap<>();
    private final Map<TableId, TargetTable> targets = new HashMap<>();
    /** Tables whose last schema change the target refused (try_evolve): rows go into the columns the table has. */
    private final Map<TableId, RowProjection> refusedChanges = new HashMap<>();
    private final boolean toleratesSchemaChangeFailures;

    JdbcSinkWriter(JdbcSinkConfig config, String writerName, Counter rowsWritten, SinkMetrics metrics) {
        requireNonNull(config, "config is null");
        this.writerName = requireNonNull(writerName, "writerName is null");
        this.rowsWritten = requireNonNull(rowsWritten, "rowsWritten is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.maxBufferedRows = config.bufferFlushMaxRows();
        this.dialect = JdbcDialect.forUrl(config.url());
        this.session = new TargetSession(new JdbcConnector(config, dialect), config.maxRetries(), writerName, metrics);
        this.schemaApplier = new SchemaApplier(dialect, config.tableCreateEnabled(), config.dropTableEnabled(), config.dropColumnEnabled());
        this.tableWriter = new TableWriter(dialect);
        this.toleratesSchemaChangeFailures = config.toleratesSchemaChangeFailures();
    }

    @Override
    public void write(Event event, Context context) throws IOException, InterruptedException {
        try {
            writeEvent(event);
        } catch (RuntimeException e) {
            throw FatalFailures.suppressRestartsIfFatal(e);
        }
    }

    private void writeEvent(Event event) throws InterruptedException {
        if (event instanceof SchemaChangeEvent schemaChange) {
            applySchemaChange(schemaChange);
        } else if (event instanceof DataChangeEvent change) {
            TableSchema schema = schemas.get(change.tableId());
            if (schema == null) {
                throw new TributaryException(ErrorCode.SINK_WRITE_FAILED, writerName + " received a " + change.operation()
                        + " of table " + change.tableId() + " before any schema of that table. The pipeline must announce each"
                        + " table (CreateTable) before its rows; report this as a bug.");
            }
            RowProjection projection = refusedChanges.get(change.tableId());
            buffer.add(projection == null ? change : projection.apply(change), targets.get(change.tableId()), schema);
            metrics.accepted(change);
            if (buffer.size() >= maxBufferedRows) {
                writeBuffer();
            }
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        try {
            writeBuffer();
        } catch (RuntimeException e) {
            throw FatalFailures.suppressRestartsIfFatal(e);
        }
    }

    @Override
    public void close() throws SQLException {
        session.close();
    }

    private void applySchemaChange(SchemaChangeEvent event) throws InterruptedException {
        if (event.change() instanceof SchemaChange.CreateTable && event.schemaAfter().equals(schemas.get(event.tableId()))) {
            // Every source reader announces the tables it reads; a repeat changes nothing.
            return;
        }
        // Rows that came before the change are written with the schema they were read under.
        writeBuffer();
        TableSchema before = schemas.get(event.tableId());
        try {
            alterTarget(event);
            refusedChanges.remove(event.tableId());
        } catch (TributaryException e) {
            if (!toleratesSchemaChangeFailures || e.code() != ErrorCode.SINK_SCHEMA_CHANGE_FAILED || before == null) {
                throw e;
            }
            LOG.warn("{}: {} The table stays as it is (schema.change.behavior: try_evolve); rows are written into the columns it has.",
                    writerName, e.getMessage());
            refusedChanges.put(event.tableId(), new RowProjection(event.schemaAfter(), before));
        }
    }

    private void alterTarget(SchemaChangeEvent event) throws InterruptedException {
        try {
            TargetTable target = dialect.targetTable(event.tableId(), session.defaultNamespace());
            session.run("apply " + event.change() + " to " + target, connection -> {
                schemaApplier.apply(connection, event, target);
                return null;
            });
            if (event.change() instanceof SchemaChange.DropTable) {
                schemas.remove(event.tableId());
                targets.remove(event.tableId());
            } else {
                schemas.put(event.tableId(), event.schemaAfter());
                targets.put(event.tableId(), target);
            }
        } catch (SQLException e) {
            if (dialect.isTransient(e)) {
                // the target went away mid-change: an outage a restart rides out, not a change the target refused
                throw new TributaryException(ErrorCode.SINK_UNREACHABLE, "Applying " + event.change() + " of " + event.tableId()
                        + " to the " + dialect.name() + " target failed: " + e.getMessage()
                        + ". The pipeline restarts from its last checkpoint once the target is reachable.", e);
            }
            throw new TributaryException(ErrorCode.SINK_SCHEMA_CHANGE_FAILED, "Applying " + event.change() + " of " + event.tableId()
                    + " to the " + dialect.name() + " target failed: " + e.getMessage()
                    + ". Apply the change to the target table by hand, then restart the pipeline.", e);
        }
    }

    /** Writes every buffered change in one transaction, or fails with nothing of it committed. */
    private void writeBuffer() throws InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        int rows = buffer.size();
        long started = System.nanoTime();
        try {
            session.run("write " + rows + " row changes", connection -> {
                for (TableChanges table : buffer.tables()) {
                    tableWriter.write(connection, table);
                }
                connection.commit();
                return null;
            });
        } catch (SQLException e) {
            throw writeFailure(e);
        }
        buffer.clear();
        rowsWritten.inc(rows);
        metrics.committed();
        LOG.debug("{} wrote {} row changes in {} ms", writerName, rows, (System.nanoTime() - started) / 1_000_000);
    }

    /** Finds the change the database refused, by running the changes one by one, and names it. */
    private TributaryException writeFailure(SQLException failure) throws InterruptedException {
        try {
            Optional<TributaryException> refused = session.run("find the refused change", connection -> {
                try {
                    for (TableChanges table : buffer.tables()) {
                        Optional<TableWriter.FailedChange> found = tableWriter.findRefusedChange(connection, table);
                        if (found.isPresent()) {
                            return Optional.of(refusal(connection, table, found.get(), failure));
                        }
                    }
                    return Optional.empty();
                } finally {
                    connection.rollback();
                }
            });
            if (refused.isPresent()) {
                return refused.get();
            }
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        List<String> tables = new ArrayList<>();
        buffer.tables().forEach(t -> tables.add(t.target().toString()));
        return new TributaryException(ErrorCode.SINK_WRITE_FAILED, "Writing " + buffer.size() + " row changes to " + tables + " in "
                + dialect.name() + " failed: " + failure.getMessage() + ". Fix the cause in the target database, then restart the pipeline;"
                + " none of these changes were committed.", failure);
    }

    private TributaryException refusal(Connection connection, TableChanges table, TableWriter.FailedChange failed, SQLException failure)
            throws SQLException {
        if (!dialect.isPrivilegeMissing(failed.failure())) {
            return new TributaryException(ErrorCode.SINK_WRITE_FAILED, describe(table, failed), failure);
        }
        // PostgreSQL answers no query in a transaction that had an error.
        connection.rollback();
        return new TributaryException(ErrorCode.SINK_PRIVILEGE_MISSING, "Writing to target table " + table.target() + " (for "
                + table.tableId() + ") was refused by " + dialect.name() + " for a missing privilege: " + failed.failure().getMessage()
                + ". Have an administrator run: " + dialect.grantWriteRows(connection, table.target()) + "; then restart the pipeline;"
                + " none of the changes since the last checkpoint were committed.", failure);
    }

    private String describe(TableChanges table, TableWriter.FailedChange failed) {
        return "Writing to target table " + table.target() + " (for " + table.tableId() + ") failed: " + failed.change().kind()
                + " of " + RowDescription.of(table.schema(), failed.change()) + " was refused by " + dialect.name() + ": "
                + failed.failure().getMessage() + ". Fix the target table (or the value at the source), then restart the pipeline;"
                + " none of the changes since the last checkpoint were committed.";
    }
}
