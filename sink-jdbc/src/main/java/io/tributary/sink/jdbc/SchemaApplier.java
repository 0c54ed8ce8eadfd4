package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a schema change to a target table so that applying it again, or by several writers at
 * once, gives the same table: it looks at the table first, runs only the DDL still needed, and
 * when the DDL fails because another writer got there first it looks again. Columns are never
 * dropped on create; added columns are nullable because existing rows have no value for them. A
 * dropped source column is kept, nullable, unless dropping is enabled, so that writers still
 * writing rows from before the drop can go on.
 */
final class SchemaApplier {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaApplier.class);

    private final JdbcDialect dialect;
    private final boolean tableCreateEnabled;
    private final boolean dropTableEnabled;
    private final boolean dropColumnEnabled;

    SchemaApplier(JdbcDialect dialect, boolean tableCreateEnabled, boolean dropTableEnabled, boolean dropColumnEnabled) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.tableCreateEnabled = tableCreateEnabled;
        this.dropTableEnabled = dropTableEnabled;
        this.dropColumnEnabled = dropColumnEnabled;
    }

    /**
     * Applies the change; each DDL statement is committed on its own. A statement refused for a
     * missing privilege fails with SINK_PRIVILEGE_MISSING naming the statement that grants it.
     */
    void apply(Connection connection, SchemaChangeEvent event, TargetTable target) throws SQLException {
        try {
            applyChange(connection, event, target);
        } catch (SQLException e) {
            if (!dialect.isPrivilegeMissing(e)) {
                throw e;
            }
            throw privilegeMissing(connection, event, target, e);
        }
    }

    private void applyChange(Connection connection, SchemaChangeEvent event, TargetTable target) throws SQLException {
        SchemaChange change = event.change();
        if (change instanceof SchemaChange.CreateTable || change instanceof SchemaChange.AddColumn) {
            ensureTable(connection, event, target);
        } else if (change instanceof SchemaChange.DropColumn drop) {
            dropColumn(connection, event, target, drop.columnName());
        } else if (change instanceof SchemaChange.RenameColumn rename) {
            Set<String> columns = columns(connection, target);
            if (columns.contains(rename.oldName()) && !columns.contains(rename.newName())) {
                execute(connection, dialect.renameColumn(target, rename.oldName(), rename.newName()));
            }
            ensureTable(connection, event, target);
        } else if (change instanceof SchemaChange.AlterColumnType alter) {
            ensureTable(connection, event, target);
            execute(connection, dialect.alterColumnType(target, event.schemaAfter(), alter.columnName()));
            if (alter.newType().nullable() && !event.schemaAfter().primaryKey().contains(alter.columnName())) {
                Optional<String> allowNull = dialect.allowNull(target, alter.columnName());
                if (allowNull.isPresent()) {
                    execute(connection, allowNull.get());
                }
            }
        } else if (change instanceof SchemaChange.TruncateTable) {
            if (!columns(connection, target).isEmpty()) {
                execute(connection, dialect.truncate(target));
            }
        } else if (change instanceof SchemaChange.DropTable) {
            if (dropTableEnabled) {
                execute(connection, dialect.dropTable(target));
            } else {
                LOG.info("Source table {} was dropped; keeping target table {} and its rows (set "
                        + "schema-change.drop-table.enabled: true to drop it)", event.tableId(), target);
            }
        } else {
            throw new IllegalStateException("Unknown schema change " + change);
        }
    }

    /**
     * Drops the column when enabled. Otherwise keeps it and drops its NOT NULL, so that rows
     * without it can be written while a writer still on the old schema can go on writing it.
     */
    private void dropColumn(Connection connection, SchemaChangeEvent event, TargetTable target, String column) throws SQLException {
        if (columns(connection, target).contains(column)) {
            if (dropColumnEnabled) {
                execute(connection, dialect.dropColumn(target, column));
            } else {
                Optional<String> dropNotNull = dialect.dropNotNull(connection, target, column);
                connection.commit();
                if (dropNotNull.isPresent()) {
                    execute(connection, dropNotNull.get());
                }
                LOG.info("Source column {} of {} was dropped; keeping it in target table {}, where rows written from now on leave it"
                        + " out: new rows get NULL (or its default), updated rows keep their value. Set schema-change.drop-column.enabled:"
                        + " true to drop such columns instead", column, event.tableId(), target);
            }
        }
        ensureTable(connection, event, target);
    }

    /** Creates the table if absent and adds the columns of the schema it lacks. */
    private void ensureTable(Connection connection, SchemaChangeEvent event, TargetTable target) throws SQLException {
        TableSchema schema = event.schemaAfter();
        Set<String> existing = columns(connection, target);
        if (existing.isEmpty()) {
            if (!tableCreateEnabled) {
                throw new TributaryException(ErrorCode.SINK_SCHEMA_CHANGE_FAILED, "Target table " + target + " for " + event.tableId()
                        + " does not exist and table.create.enabled is false. Create the table, or set table.create.enabled: true.");
            }
            if (!dialect.namespaceExists(connection, target.namespace())) {
                execute(connection, dialect.createNamespace(target.namespace()));
            }
            execute(connection, dialect.createTable(target, schema));
            existing = columns(connection, target);
        }
        for (Column column : schema.columns()) {
            if (!existing.contains(column.name())) {
                execute(connection, dialect.addColumn(target, column));
            }
        }
        Set<String> now = columns(connection, target);
        if (!now.containsAll(schema.columnNames())) {
            throw new TributaryException(ErrorCode.SINK_SCHEMA_CHANGE_FAILED, "Target table " + target + " has columns " + now
                    + " but needs " + schema.columnNames() + " after " + event.change() + "; check the table and restart the pipeline.");
        }
    }

    private TributaryException privilegeMissing(Connection connection, SchemaChangeEvent event, TargetTable target, SQLException failure)
            throws SQLException {
        String grant;
        try {
            connection.rollback();
            grant = columns(connection, target).isEmpty()
                    ? dialect.grantCreateTables(connection, target.namespace())
                    : dialect.grantAlterTable(connection, target);
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
            throw failure;
        }
        return new TributaryException(ErrorCode.SINK_PRIVILEGE_MISSING, "Applying " + event.change() + " of " + event.tableId()
                + " to target table " + target + " was refused by " + dialect.name() + " for a missing privilege: " + failure.getMessage()
                + ". Have an administrator run: " + grant + "; then restart the pipeline.", failure);
    }

    private Set<String> columns(Connection connection, TargetTable target) throws SQLException {
        Set<String> columns = dialect.existingColumns(connection, target);
        connection.commit();
        return columns;
    }

    /** Runs and commits one DDL statement; "already done" counts as done, other failures are thrown. */
    private void execute(Connection connection, String ddl) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl);
            connection.commit();
            LOG.info("Applied to the target: {}", ddl);
        } catch (SQLException e) {
            connection.rollback();
            if (!dialect.isAlreadyApplied(e)) {
                throw e;
            }
            LOG.debug("Another writer applied it first: {} ({})", ddl, e.getMessage());
        }
    }
}
