package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.model.Column;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableSchema;

/**
 * Encodes a schema change as JSON: the table, the kind of change with its details, and the
 * table's full schema after it; a column with a default carries its source text
 * ({@code defaultValueExpression}) and, when constant, its value encoded as in rows ({@code defaultValue}). Keyed by the table id so one table's changes stay in order.
 */
public final class SchemaChangeEncoder {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String pipelineName;

    public SchemaChangeEncoder(String pipelineName) {
        this.pipelineName = requireNonNull(pipelineName, "pipelineName is null");
    }

    public byte[] key(SchemaChangeEvent event) {
        ObjectNode key = MAPPER.createObjectNode();
        key.put("table", event.tableId().identifier());
        return ChangeEventEncoder.bytes(key);
    }

    public byte[] value(SchemaChangeEvent event, long nowMillis) {
        ObjectNode value = MAPPER.createObjectNode();
        ObjectNode source = value.putObject("source");
        source.put("connector", ChangeEventEncoder.CONNECTOR);
        source.put("name", pipelineName);
        source.put("db", event.tableId().database().orElse(null));
        event.tableId().schema().ifPresent(schema -> source.put("schema", schema));
        source.put("table", event.tableId().table());
        value.put("table", event.tableId().identifier());
        value.set("change", change(event.change()));
        value.set("schema", schema(event.schemaAfter()));
        value.put("ts_ms", nowMillis);
        return ChangeEventEncoder.bytes(value);
    }

    private static ObjectNode change(SchemaChange change) {
        ObjectNode node = MAPPER.createObjectNode();
        if (change instanceof SchemaChange.CreateTable) {
            node.put("type", "CREATE_TABLE");
        } else if (change instanceof SchemaChange.AddColumn add) {
            node.put("type", "ADD_COLUMN");
            node.set("column", column(add.column()));
            node.put("after", add.afterColumn().orElse(null));
        } else if (change instanceof SchemaChange.DropColumn drop) {
            node.put("type", "DROP_COLUMN").put("column", drop.columnName());
        } else if (change instanceof SchemaChange.RenameColumn rename) {
            node.put("type", "RENAME_COLUMN").put("from", rename.oldName()).put("to", rename.newName());
        } else if (change instanceof SchemaChange.AlterColumnType alter) {
            node.put("type", "ALTER_COLUMN_TYPE").put("column", alter.columnName()).put("newType", alter.newType().toString());
        } else if (change instanceof SchemaChange.TruncateTable) {
            node.put("type", "TRUNCATE_TABLE");
        } else if (change instanceof SchemaChange.DropTable) {
            node.put("type", "DROP_TABLE");
        } else {
            throw new IllegalArgumentException("Unknown schema change " + change);
        }
        return node;
    }

    private static ObjectNode schema(TableSchema schema) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode columns = node.putArray("columns");
        schema.columns().forEach(column -> columns.add(column(column)));
        ArrayNode key = node.putArray("primaryKey");
        schema.primaryKey().forEach(key::add);
        return node;
    }

    private static ObjectNode column(Column column) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", column.name());
        node.put("type", column.type().withNullable(true).toString());
        node.put("nullable", column.type().nullable());
        // Debezium's names for a column's default in its schema-change events
        column.defaultValue().ifPresent(defaultValue -> {
            node.put("defaultValueExpression", defaultValue.expression());
            defaultValue.value().ifPresent(value -> node.set("defaultValue", ColumnValueEncoder.encode(value, column.type())));
        });
        return node;
    }
}
