package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.UnchangedValue;
import java.util.Collection;

/**
 * The buffered changes of one table, all under one schema (a schema change flushes the buffer
 * first). A table with a primary key keeps only the last change per key; one without keeps every
 * change in order.
 */
abstract sealed class TableChanges permits KeyedTableChanges, UnkeyedTableChanges {
    private final TableId tableId;
    private final TargetTable target;
    private final TableSchema schema;

    TableChanges(TableId tableId, TargetTable target, TableSchema schema) {
        this.tableId = requireNonNull(tableId, "tableId is null");
        this.target = requireNonNull(target, "target is null");
        this.schema = requireNonNull(schema, "schema is null");
    }

    static TableChanges create(TableId tableId, TargetTable target, TableSchema schema) {
        return schema.hasPrimaryKey() ? new KeyedTableChanges(tableId, target, schema) : new UnkeyedTableChanges(tableId, target, schema);
    }

    TableId tableId() {
        return tableId;
    }

    TargetTable target() {
        return target;
    }

    TableSchema schema() {
        return schema;
    }

    /** Adds a change of this table; {@link #size()} tells how much is buffered after it. */
    abstract void add(DataChangeEvent event);

    abstract int size();

    /** The changes to execute, in an order that gives the right final state. */
    abstract Collection<RowChange> changes();

    final void checkWidth(Object[] row) {
        if (row.length != schema.columns().size()) {
            throw new TributaryException(ErrorCode.SINK_WRITE_FAILED,
                    "A row of table " + tableId + " has " + row.length + " values but the table's schema has "
                            + schema.columns().size() + " columns " + schema.columnNames()
                            + ". The source sent a row that does not match the last schema change; report this as a bug.");
        }
    }

    static boolean hasUnchanged(Object[] row) {
        for (Object value : row) {
            if (value == UnchangedValue.INSTANCE) {
                return true;
            }
        }
        return false;
    }

    /** The row with each unchanged value replaced by the value at the same position of {@code previous}. */
    static Object[] fillUnchanged(Object[] row, Object[] previous) {
        Object[] filled = row.clone();
        for (int i = 0; i < filled.length; i++) {
            if (filled[i] == UnchangedValue.INSTANCE) {
                filled[i] = previous[i];
            }
        }
        return filled;
    }
}
