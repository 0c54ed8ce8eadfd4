package io.tributary.sink.jdbc;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Row changes waiting for the next write, per table; {@link #size()} counts what will be written. */
final class ChangeBuffer {
    private final Map<TableId, TableChanges> tables = new LinkedHashMap<>();
    private int size;

    void add(DataChangeEvent event, TargetTable target, TableSchema schema) {
        TableChanges changes = tables.computeIfAbsent(event.tableId(), id -> TableChanges.create(id, target, schema));
        int before = changes.size();
        changes.add(event);
        size += changes.size() - before;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0 && tables.isEmpty();
    }

    Collection<TableChanges> tables() {
        return tables.values();
    }

    void clear() {
        tables.clear();
        size = 0;
    }
}
