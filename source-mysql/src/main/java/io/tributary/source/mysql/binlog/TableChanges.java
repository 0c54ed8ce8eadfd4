package io.tributary.source.mysql.binlog;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema changes that turn a table's known schema into its definition after an ALTER TABLE:
 * renames the statement names, then dropped columns, changed types and added columns, each with
 * the full schema after it. Added columns are nullable (rows written before have no value); the
 * primary key follows the server's.
 */
final class TableChanges {
    private TableChanges() {}

    static List<SchemaChangeEvent> between(TableId tableId, TableSchema known, TableSchema server, Map<String, String> renames) {
        List<SchemaChangeEvent> events = new ArrayList<>();
        TableSchema current = known;
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            if (current.column(rename.getKey()).isPresent() && server.column(rename.getValue()).isPresent()) {
                current = replace(current, rename.getKey(), current.column(rename.getKey()).get().withName(rename.getValue()));
                events.add(new SchemaChangeEvent(tableId, new SchemaChange.RenameColumn(rename.getKey(), rename.getValue()), current));
            }
        }
        for (Column column : List.copyOf(current.columns())) {
            if (server.column(column.name()).isEmpty()) {
                List<Column> columns = new ArrayList<>(current.columns());
                columns.removeIf(c -> c.name().equals(column.name()));
                current = new TableSchema(columns, current.primaryKey().stream().filter(k -> !k.equals(column.name())).toList());
                events.add(new SchemaChangeEvent(tableId, new SchemaChange.DropColumn(column.name()), current));
            }
        }
        for (Column column : server.columns()) {
            Optional<Column> existing = current.column(column.name());
            if (existing.isPresent() && !sameType(existing.get().type(), column.type())) {
                DataType newType = column.type().withNullable(existing.get().type().nullable());
                current = replace(current, column.name(), existing.get().withType(newType));
                events.add(new SchemaChangeEvent(tableId, new SchemaChange.AlterColumnType(column.name(), newType), current));
            }
        }
        List<String> serverNames = server.columnNames();
        for (int i = 0; i < serverNames.size(); i++) {
            Column column = server.columns().get(i);
            if (current.column(column.name()).isEmpty()) {
                Optional<String> after = i == 0 ? Optional.empty() : Optional.of(serverNames.get(i - 1));
                Column added = column.withType(column.type().withNullable(true));
                List<Column> columns = new ArrayList<>(current.columns());
                int at = after.map(name -> indexOf(columns, name) + 1).orElse(0);
                columns.add(at, added);
                current = new TableSchema(columns, current.primaryKey());
                events.add(new SchemaChangeEvent(tableId, new SchemaChange.AddColumn(added, after), current));
            }
        }
        return events;
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return columns.size() - 1;
    }

    private static TableSchema replace(TableSchema schema, String name, Column replacement) {
        List<Column> columns = new ArrayList<>(schema.columns());
        columns.replaceAll(c -> c.name().equals(name) ? replacement : c);
        List<String> key = schema.primaryKey().stream().map(k -> k.equals(name) ? replacement.name() : k).toList();
        return new TableSchema(columns, key);
    }

    private static boolean sameType(DataType a, DataType b) {
        return a.withNullable(true).equals(b.withNullable(true));
    }
}
