package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

/**
 * A schema change of one table together with the table's full schema after it, so that a sink
 * that only needs the resulting schema does not have to replay changes.
 */
public record SchemaChangeEvent(TableId tableId, SchemaChange change, TableSchema schemaAfter) implements Event {
    public SchemaChangeEvent {
        requireNonNull(tableId, "tableId is null");
        requireNonNull(change, "change is null");
        requireNonNull(schemaAfter, "schemaAfter is null");
    }

    public static SchemaChangeEvent createTable(TableId tableId, TableSchema schema) {
        return new SchemaChangeEvent(tableId, new SchemaChange.CreateTable(), schema);
    }

    @Override
    public SchemaChangeEvent withTableId(TableId newTableId) {
        return new SchemaChangeEvent(newTableId, change, schemaAfter);
    }
}
