package io.tributary.core.transform;

import io.tributary.core.model.Column;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schema changes a sink must apply to go from one projected schema to the next after a source
 * schema change: a rename where the source renamed a column the projection passes on, drops, adds
 * (in the new order) and type changes. The last event carries the new projected schema exactly.
 */
final class ProjectedSchemaChanges {
    private ProjectedSchemaChanges() {}

    static List<SchemaChangeEvent> between(TableId table, TableSchema before, TableSchema after, SchemaChange sourceChange) {
        List<SchemaChangeEvent> events = new ArrayList<>();
        if (before.equals(after)) {
            return events;
        }
        TableSchema current = before;
        if (sourceChange instanceof SchemaChange.RenameColumn rename && current.column(rename.oldName()).isPresent()
                && after.column(rename.oldName()).isEmpty() && after.column(rename.newName()).isPresent() && current.column(rename.newName()).isEmpty()) {
            current = renamed(current, rename.oldName(), rename.newName());
            events.add(new SchemaChangeEvent(table, rename, current));
        }
        for (Column column : List.copyOf(current.columns())) {
            if (after.column(column.name()).isEmpty()) {
                current = without(current, column.name());
                events.add(new SchemaChangeEvent(table, new SchemaChange.DropColumn(column.name()), current));
            }
        }
        Optional<String> previous = Optional.empty();
        for (Column column : after.columns()) {
            if (current.column(column.name()).isEmpty()) {
                current = with(current, column, previous);
                events.add(new SchemaChangeEvent(table, new SchemaChange.AddColumn(column, previous), current));
            }
            previous = Optional.of(column.name());
        }
        for (Column column : after.columns()) {
            Column old = current.column(column.name()).orElseThrow();
            if (!old.type().equals(column.type())) {
                current = retyped(current, column);
                events.add(new SchemaChangeEvent(table, new SchemaChange.AlterColumnType(column.name(), column.type()), current));
            }
        }
        if (events.isEmpty()) {
            // Only the key or the column order differs: announce the table's new shape.
            events.add(SchemaChangeEvent.createTable(table, after));
        } else {
            SchemaChangeEvent last = events.remove(events.size() - 1);
            events.add(new SchemaChangeEvent(table, last.change(), after));
        }
        return events;
    }

    /**
     * The change a sink must apply when the table's previous projected schema is unknown: the first
     * event of a table after a restart may be a schema change (the source announces tables only
     * before rows). The source change is carried over where the new projected schema shows it;
     * otherwise the table is announced afresh, which sinks apply by adding what they lack.
     */
    static SchemaChangeEvent withoutPrevious(TableId table, TableSchema after, SchemaChange sourceChange, boolean passesEverySourceColumn) {
        SchemaChange change = new SchemaChange.CreateTable();
        if (sourceChange instanceof SchemaChange.AddColumn add && after.column(add.column().name()).isPresent()) {
            int position = after.indexOf(add.column().name()).getAsInt();
            Optional<String> previous = position == 0 ? Optional.empty() : Optional.of(after.columns().get(position - 1).name());
            change = new SchemaChange.AddColumn(after.columns().get(position), previous);
        } else if (sourceChange instanceof SchemaChange.DropColumn drop && passesEverySourceColumn && after.column(drop.columnName()).isEmpty()) {
            change = drop;
        } else if (sourceChange instanceof SchemaChange.RenameColumn rename && after.column(rename.newName()).isPresent()
                && after.column(rename.oldName()).isEmpty()) {
            change = rename;
        } else if (sourceChange instanceof SchemaChange.AlterColumnType alter && after.column(alter.columnName()).isPresent()) {
            change = new SchemaChange.AlterColumnType(alter.columnName(), after.column(alter.columnName()).get().type());
        }
        return new SchemaChangeEvent(table, change, after);
    }

    private static TableSchema renamed(TableSchema schema, String oldName, String newName) {
        List<Column> columns = new ArrayList<>();
        for (Column column : schema.columns()) {
            columns.add(column.name().equals(oldName) ? new Column(newName, column.type()) : column);
        }
        List<String> key = schema.primaryKey().stream().map(name -> name.equals(oldName) ? newName : name).toList();
        return new TableSchema(columns, key);
    }

    private static TableSchema without(TableSchema schema, String name) {
        List<Column> columns = schema.columns().stream().filter(column -> !column.name().equals(name)).toList();
        return new TableSchema(columns, schema.primaryKey().stream().filter(key -> !key.equals(name)).toList());
    }

    private static TableSchema with(TableSchema schema, Column added, Optional<String> afterColumn) {
        List<Column> columns = new ArrayList<>(schema.columns());
        int position = afterColumn.map(name -> schema.indexOf(name).orElse(columns.size() - 1) + 1).orElse(columns.size());
        columns.add(position, added);
        return new TableSchema(columns, schema.primaryKey());
    }

    private static TableSchema retyped(TableSchema schema, Column changed) {
        List<Column> columns = new ArrayList<>();
        for (Column column : schema.columns()) {
            columns.add(column.name().equals(changed.name()) ? changed : column);
        }
        return new TableSchema(columns, schema.primaryKey());
    }
}
