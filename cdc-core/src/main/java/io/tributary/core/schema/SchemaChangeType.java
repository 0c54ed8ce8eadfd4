package io.tributary.core.schema;

import io.tributary.core.model.SchemaChange;
import java.util.EnumSet;
import java.util.Set;

/**
 * The kinds of schema change as the sink options {@code include.schema.changes} and
 * {@code exclude.schema.changes} name them (Flink CDC's tags).
 */
public enum SchemaChangeType {
    ADD_COLUMN("add.column"),
    ALTER_COLUMN_TYPE("alter.column.type"),
    CREATE_TABLE("create.table"),
    DROP_COLUMN("drop.column"),
    DROP_TABLE("drop.table"),
    RENAME_COLUMN("rename.column"),
    TRUNCATE_TABLE("truncate.table");

    private final String tag;

    SchemaChangeType(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static SchemaChangeType of(SchemaChange change) {
        if (change instanceof SchemaChange.AddColumn) {
            return ADD_COLUMN;
        } else if (change instanceof SchemaChange.AlterColumnType) {
            return ALTER_COLUMN_TYPE;
        } else if (change instanceof SchemaChange.CreateTable) {
            return CREATE_TABLE;
        } else if (change instanceof SchemaChange.DropColumn) {
            return DROP_COLUMN;
        } else if (change instanceof SchemaChange.DropTable) {
            return DROP_TABLE;
        } else if (change instanceof SchemaChange.RenameColumn) {
            return RENAME_COLUMN;
        } else if (change instanceof SchemaChange.TruncateTable) {
            return TRUNCATE_TABLE;
        }
        throw new IllegalArgumentException("Unknown schema change " + change);
    }

    /**
     * The types a tag names: a type's own tag ({@code add.column}), its first word ({@code add},
     * {@code drop} = drop.column and drop.table), {@code column}, {@code table} or {@code all};
     * empty when the tag names none.
     */
    static Set<SchemaChangeType> named(String tag) {
        Set<SchemaChangeType> types = EnumSet.noneOf(SchemaChangeType.class);
        for (SchemaChangeType type : values()) {
            String[] words = type.tag.split("\\.");
            boolean matches = switch (tag) {
                case "all" -> true;
                case "column" -> java.util.Arrays.asList(words).contains("column");
                case "table" -> words[words.length - 1].equals("table");
                default -> type.tag.equals(tag) || words[0].equals(tag);
            };
            if (matches) {
                types.add(type);
            }
        }
        return types;
    }
}
