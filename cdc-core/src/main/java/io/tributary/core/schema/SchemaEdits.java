package io.tributary.core.schema;

import io.tributary.core.model.Column;
import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A schema with one change applied, and the text of a change for messages. */
final class SchemaEdits {
    private SchemaEdits() {}

    static TableSchema apply(TableSchema schema, SchemaChange change) {
        List<Column> columns = new ArrayList<>(schema.columns());
        List<String> key = new ArrayList<>(schema.primaryKey());
        if (change instanceof SchemaChange.AddColumn add) {
            int at = add.afterColumn().flatMap(after -> indexOf(columns, after)).map(i -> i + 1).orElse(columns.size());
            columns.add(at, add.column());
        } else if (change instanceof SchemaChange.DropColumn drop) {
            columns.removeIf(column -> column.name().equals(drop.columnName()));
            key.remove(drop.columnName());
        } else if (change instanceof SchemaChange.RenameColumn rename) {
            indexOf(columns, rename.oldName()).ifPresent(i -> columns.set(i, columns.get(i).withName(rename.newName())));
            key.replaceAll(name -> name.equals(rename.oldName()) ? rename.newName() : name);
        } else if (change instanceof SchemaChange.AlterColumnType alter) {
            indexOf(columns, alter.columnName()).ifPresent(i -> columns.set(i, columns.get(i).withType(alter.newType())));
        }
        return new TableSchema(columns, key);
    }

    private static Optional<Integer> indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The change as a user reads it, e.g. {@code ADD COLUMN channel VARCHAR(20) DEFAULT 'web'}. */
    static String describe(SchemaChange change) {
        if (change instanceof SchemaChange.AddColumn add) {
            return "ADD COLUMN " + add.column().name() + " " + add.column().type()
                    + add.column().defaultValue().map(ColumnDefault::expression).map(text -> " DEFAULT " + text).orElse("");
        } else if (change instanceof SchemaChange.DropColumn drop) {
            return "DROP COLUMN " + drop.columnName();
        } else if (change instanceof SchemaChange.RenameColumn rename) {
            return "RENAME COLUMN " + rename.oldName() + " TO " + rename.newName();
        } else if (change instanceof SchemaChange.AlterColumnType alter) {
            return "ALTER COLUMN " + alter.columnName() + " TYPE " + alter.newType();
        } else if (change instanceof SchemaChange.TruncateTable) {
            return "TRUNCATE TABLE";
        } else if (change instanceof SchemaChange.DropTable) {
            return "DROP TABLE";
        }
        return "CREATE TABLE";
    }
}
