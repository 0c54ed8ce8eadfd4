package io.tributary.sink.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Operation;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes a row change as Canal's flat JSON message: {@code data} holds the row (after image; the
 * deleted row for deletes), {@code old} the previous values of the columns an update changed,
 * {@code type} is INSERT, UPDATE or DELETE (snapshot reads are INSERTs), column values are strings
 * in SQL text form ({@link CanalValueEncoder}), and {@code sqlType}/{@code mysqlType} describe the
 * columns ({@link CanalColumnTypes}).
 */
final class CanalJsonEncoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CanalJsonEncoder() {}

    /** {@code nowMillis} becomes {@code ts} (when the sink wrote the message); {@code es} is the source commit time. */
    static ObjectNode message(DataChangeEvent change, TableSchema schema, long nowMillis) {
        TableId table = change.tableId();
        ObjectNode message = NODES.objectNode();
        message.set("data", NODES.arrayNode().add(row(change.keyRow(), schema)));
        message.set("old", change.operation() == Operation.UPDATE ? NODES.arrayNode().add(changedColumns(change, schema)) : NODES.nullNode());
        message.put("type", type(change.operation()));
        message.put("database", table.database().orElse(null));
        table.schema().ifPresent(schemaName -> message.put("schema", schemaName));
        message.put("table", table.table());
        message.set("pkNames", schema.hasPrimaryKey() ? primaryKeyNames(schema) : NODES.nullNode());
        message.put("isDdl", false);
        message.put("es", change.sourceTimestampMillis());
        message.put("ts", nowMillis);
        message.put("sql", "");
        message.set("sqlType", CanalColumnTypes.sqlTypes(schema));
        message.set("mysqlType", CanalColumnTypes.mysqlTypes(schema));
        return message;
    }

    private static String type(Operation operation) {
        return switch (operation) {
            case READ, INSERT -> "INSERT";
            case UPDATE -> "UPDATE";
            case DELETE -> "DELETE";
        };
    }

    private static ObjectNode row(Object[] values, TableSchema schema) {
        List<Column> columns = schema.columns();
        ObjectNode row = NODES.objectNode();
        for (int i = 0; i < columns.size(); i++) {
            row.set(columns.get(i).name(), CanalValueEncoder.encode(values[i], columns.get(i).type()));
        }
        return row;
    }

    /**
     * The before values of the columns whose value changed; empty when the source sent no before
     * image (which columns changed is then unknown).
     */
    private static ObjectNode changedColumns(DataChangeEvent change, TableSchema schema) {
        ObjectNode old = NODES.objectNode();
        Optional<Object[]> before = change.before();
        if (before.isEmpty()) {
            return old;
        }
        Object[] after = change.after().orElseThrow();
        List<Column> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            JsonNode previous = CanalValueEncoder.encode(before.get()[i], columns.get(i).type());
            if (!Objects.equals(previous, CanalValueEncoder.encode(after[i], columns.get(i).type()))) {
                old.set(columns.get(i).name(), previous);
            }
        }
        return old;
    }

    private static ArrayNode primaryKeyNames(TableSchema schema) {
        ArrayNode names = NODES.arrayNode();
        schema.primaryKey().forEach(names::add);
        return names;
    }
}
