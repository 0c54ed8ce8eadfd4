package io.tributary.sink.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code schema} half of Debezium's {@code {"schema":…,"payload":…}} value, as Kafka Connect's
 * JsonConverter writes it with {@code schemas.enable=true}: Connect types with Debezium's semantic
 * names, matching how {@link ColumnValueEncoder} writes each value (DECIMAL as a string, BYTES as
 * Connect {@code bytes}, which JSON holds as base64, times as {@code io.debezium.time.*} numbers).
 */
final class DebeziumJsonSchema {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DebeziumJsonSchema() {}

    /**
     * The schema of an envelope of {@code table}; {@code source} is the envelope's source block, whose fields vary by source.
     * With {@code documents} (a MongoDB collection), {@code before} and {@code after} are Extended JSON text, as Debezium's
     * MongoDB connector declares them.
     */
    static ObjectNode envelope(TableId table, TableSchema schema, ObjectNode source, boolean documents) {
        String prefix = table.identifier();
        ObjectNode envelope = struct(prefix + ".Envelope", false);
        ArrayNode fields = (ArrayNode) envelope.get("fields");
        ObjectNode image = documents ? named("string", "io.debezium.data.Json", true) : row(prefix, schema);
        fields.add(field("before", image));
        fields.add(field("after", image));
        fields.add(field("source", sourceSchema(source)));
        fields.add(field("op", primitive("string", false)));
        fields.add(field("ts_ms", primitive("int64", true)));
        return envelope;
    }

    private static ObjectNode row(String prefix, TableSchema schema) {
        ObjectNode row = struct(prefix + ".Value", true);
        ArrayNode fields = (ArrayNode) row.get("fields");
        for (Column column : schema.columns()) {
            fields.add(field(column.name(), column(column.type())));
        }
        return row;
    }

    private static ObjectNode column(DataType type) {
        boolean optional = type.nullable();
        return switch (type.kind()) {
            case BOOLEAN -> primitive("boolean", optional);
            case SMALLINT -> primitive("int16", optional);
            case INTEGER -> primitive("int32", optional);
            case BIGINT -> primitive("int64", optional);
            case FLOAT -> primitive("float", optional);
            case DOUBLE -> primitive("double", optional);
            case DECIMAL, CHAR, VARCHAR, TEXT -> primitive("string", optional);
            case BYTES -> primitive("bytes", optional);
            case JSON, DOCUMENT -> named("string", "io.debezium.data.Json", optional);
            case UUID -> named("string", "io.debezium.data.Uuid", optional);
            case DATE -> named("int32", "io.debezium.time.Date", optional);
            case TIME -> time(type, optional);
            case TIMESTAMP -> timestamp(type, optional);
            case TIMESTAMP_TZ -> named("string", "io.debezium.time.ZonedTimestamp", optional);
            case ARRAY -> {
                ObjectNode array = primitive("array", optional);
                array.set("items", column(type.elementType().orElseThrow()));
                yield array;
            }
        };
    }

    private static ObjectNode time(DataType type, boolean optional) {
        int precision = type.precision().orElse(6);
        if (precision <= 3) {
            return named("int32", "io.debezium.time.Time", optional);
        }
        return named("int64", precision <= 6 ? "io.debezium.time.MicroTime" : "io.debezium.time.NanoTime", optional);
    }

    private static ObjectNode timestamp(DataType type, boolean optional) {
        int precision = type.precision().orElse(6);
        String name = precision <= 3 ? "io.debezium.time.Timestamp" : precision <= 6 ? "io.debezium.time.MicroTimestamp" : "io.debezium.time.NanoTimestamp";
        return named("int64", name, optional);
    }

    /** The source block's fields typed by their JSON values (its position fields differ between sources). */
    private static ObjectNode sourceSchema(ObjectNode source) {
        ObjectNode schema = struct("io.tributary.connector.Source", false);
        ArrayNode fields = (ArrayNode) schema.get("fields");
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            String type = value.isBoolean() ? "boolean" : value.isIntegralNumber() ? "int64" : "string";
            fields.add(field(entry.getKey(), primitive(type, true)));
        }
        return schema;
    }

    private static ObjectNode struct(String name, boolean optional) {
        ObjectNode struct = primitive("struct", optional);
        struct.set("fields", NODES.arrayNode());
        struct.put("name", name);
        return struct;
    }

    private static ObjectNode named(String type, String name, boolean optional) {
        ObjectNode node = primitive(type, optional);
        node.put("name", name);
        node.put("version", 1);
        return node;
    }

    private static ObjectNode primitive(String type, boolean optional) {
        ObjectNode node = NODES.objectNode();
        node.put("type", type);
        node.put("optional", optional);
        return node;
    }

    private static ObjectNode field(String name, ObjectNode schema) {
        ObjectNode field = schema.deepCopy();
        field.put("field", name);
        return field;
    }
}
