package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/** The kinds of schema change a source reports. Each sink applies the ones it can. */
public sealed interface SchemaChange extends Serializable {

    /** The table appeared (or is announced to a sink that may not know it yet). */
    record CreateTable() implements SchemaChange {}

    /** A column was added, after the named column or at the end. */
    record AddColumn(Column column, Optional<String> afterColumn) implements SchemaChange {
        public AddColumn {
            requireNonNull(column, "column is null");
            requireNonNull(afterColumn, "afterColumn is null");
        }
    }

    record DropColumn(String columnName) implements SchemaChange {
        public DropColumn {
            requireNonNull(columnName, "columnName is null");
        }
    }

    record RenameColumn(String oldName, String newName) implements SchemaChange {
        public RenameColumn {
            requireNonNull(oldName, "oldName is null");
            requireNonNull(newName, "newName is null");
        }
    }

    record AlterColumnType(String columnName, DataType newType) implements SchemaChange {
        public AlterColumnType {
            requireNonNull(columnName, "columnName is null");
            requireNonNull(newType, "newType is null");
        }
    }

    /**
     * The table's rows were removed. {@code beforeSnapshot} marks the emptying a source asks for
     * before it (re)reads a table without a key, which is part of copying the table rather than a
     * change the source made, so schema-change settings never hold it back.
     */
    record TruncateTable(boolean beforeSnapshot) implements SchemaChange {
        /** A TRUNCATE the source made. */
        public TruncateTable() {
            this(false);
        }
    }

    record DropTable() implements SchemaChange {}
}
