package io.tributary.sink.jdbc;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Changes of a table without a primary key, kept in order: inserts insert, deletes remove one row
 * equal in every column, an update is a delete of its before image and an insert of its after
 * image. Such tables are at-least-once: rows inserted again on replay after a crash stay twice.
 */
final class UnkeyedTableChanges extends TableChanges {
    private final List<RowChange> changes = new ArrayList<>();

    UnkeyedTableChanges(TableId tableId, TargetTable target, TableSchema schema) {
        super(tableId, target, schema);
    }

    @Override
    void add(DataChangeEvent event) {
        switch (event.operation()) {
            case READ, INSERT -> changes.add(new RowChange(RowChange.Kind.INSERT, fullRow(event, event.after().orElseThrow())));
            case DELETE -> changes.add(new RowChange(RowChange.Kind.DELETE_ONE, fullRow(event, event.before().orElseThrow())));
            case UPDATE -> {
                Object[] before = event.before().orElseThrow(() -> new TributaryException(ErrorCode.SINK_WRITE_FAILED,
                        "An UPDATE of table " + tableId() + ", which has no primary key, carries no before image, so the row"
                                + " to change cannot be found. Give the source table a primary key, or make the source log"
                                + " whole old rows (PostgreSQL: ALTER TABLE ... REPLICA IDENTITY FULL)."));
                changes.add(new RowChange(RowChange.Kind.DELETE_ONE, fullRow(event, before)));
                changes.add(new RowChange(RowChange.Kind.INSERT, fullRow(event, fillUnchanged(event.after().orElseThrow(), before))));
            }
        }
    }

    private Object[] fullRow(DataChangeEvent event, Object[] row) {
        checkWidth(row);
        if (hasUnchanged(row)) {
            throw new TributaryException(ErrorCode.SINK_WRITE_FAILED, event.operation() + " of table " + tableId()
                    + " (no primary key) lacks the values of some columns, so the row cannot be matched. Make the source"
                    + " log whole rows (PostgreSQL: ALTER TABLE ... REPLICA IDENTITY FULL).");
        }
        return row;
    }

    @Override
    int size() {
        return changes.size();
    }

    @Override
    Collection<RowChange> changes() {
        return changes;
    }
}
