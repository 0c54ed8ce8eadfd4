package io.tributary.sink.jdbc;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.UnchangedValue;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Changes of a table with a primary key, collapsed to the last change per key: every write is
 * then an idempotent upsert or delete, so replaying changes already written leaves the same rows.
 * An update that leaves some columns unchanged merges into a buffered full row of its key, or
 * else stays a partial update that touches only the changed columns.
 */
final class KeyedTableChanges extends TableChanges {
    private final int[] keyIndexes;
    private final Map<RowKey, RowChange> lastChangePerKey = new LinkedHashMap<>();

    KeyedTableChanges(TableId tableId, TargetTable target, TableSchema schema) {
        super(tableId, target, schema);
        this.keyIndexes = schema.primaryKeyIndexes();
    }

    @Override
    void add(DataChangeEvent event) {
        switch (event.operation()) {
            case READ, INSERT -> upsertFull(event, event.after().orElseThrow());
            case DELETE -> {
                Object[] before = checkedKeyRow(event, event.before().orElseThrow());
                lastChangePerKey.put(RowKey.of(before, keyIndexes), new RowChange(RowChange.Kind.DELETE, before));
            }
            case UPDATE -> update(event);
        }
    }

    private void update(DataChangeEvent event) {
        Object[] after = checkedKeyRow(event, event.after().orElseThrow());
        RowKey key = RowKey.of(after, keyIndexes);
        RowChange previous = lastChangePerKey.get(key);
        if (event.before().isPresent()) {
            Object[] before = event.before().get();
            checkWidth(before);
            RowKey oldKey = RowKey.of(before, keyIndexes);
            if (!oldKey.equals(key)) {
                // The key moved: the old row goes, the new row comes from the old one's values.
                previous = lastChangePerKey.put(oldKey, new RowChange(RowChange.Kind.DELETE, before));
                if (hasUnchanged(after) && (previous == null || previous.kind() != RowChange.Kind.UPSERT)) {
                    throw new TributaryException(ErrorCode.SINK_WRITE_FAILED, "An UPDATE of table " + tableId() + " moved key "
                            + oldKey + " to " + key + " without the values of its unchanged columns, so the new row cannot be built."
                            + " Make the source log whole rows (PostgreSQL: ALTER TABLE ... REPLICA IDENTITY FULL).");
                }
            }
        }
        if (!hasUnchanged(after)) {
            lastChangePerKey.put(key, new RowChange(RowChange.Kind.UPSERT, after));
        } else if (previous == null) {
            lastChangePerKey.put(key, new RowChange(RowChange.Kind.UPDATE_CHANGED, after));
        } else if (previous.kind() == RowChange.Kind.DELETE) {
            // The row is gone (this happens when replaying after a restart): nothing to update.
            lastChangePerKey.put(key, previous);
        } else {
            lastChangePerKey.put(key, new RowChange(previous.kind(), fillUnchanged(after, previous.row())));
        }
    }

    private void upsertFull(DataChangeEvent event, Object[] after) {
        checkedKeyRow(event, after);
        if (hasUnchanged(after)) {
            throw new TributaryException(ErrorCode.SINK_WRITE_FAILED, event.operation() + " of table " + tableId()
                    + " carries unchanged-value markers, which only an UPDATE may; report this as a bug of the source.");
        }
        lastChangePerKey.put(RowKey.of(after, keyIndexes), new RowChange(RowChange.Kind.UPSERT, after));
    }

    private Object[] checkedKeyRow(DataChangeEvent event, Object[] row) {
        checkWidth(row);
        for (int index : keyIndexes) {
            if (row[index] == null || row[index] == UnchangedValue.INSTANCE) {
                throw new TributaryException(ErrorCode.SINK_WRITE_FAILED, event.operation() + " of table " + tableId()
                        + " has no value for primary key column " + schema().columns().get(index).name()
                        + "; the target row cannot be identified. Report this as a bug of the source.");
            }
        }
        return row;
    }

    @Override
    int size() {
        return lastChangePerKey.size();
    }

    @Override
    Collection<RowChange> changes() {
        return lastChangePerKey.values();
    }
}
