package io.tributary.sink.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.model.Column;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A MongoDB document as the text Debezium's MongoDB connector puts in {@code before}/{@code after}:
 * Extended JSON in the driver's (legacy) strict mode. int32 and doubles are JSON numbers; int64 is
 * {@code {"$numberLong": "…"}}, decimals {@code {"$numberDecimal": "…"}}, dates
 * {@code {"$date": millis}}, binary data {@code {"$binary": "base64", "$type": "00"}} (UUIDs
 * subtype {@code 04}); the values the source already carries as Extended JSON objects
 * ({@code {"$oid": …}}, {@code {"$timestamp": …}}, …) stay as they are. The driver's
 * {@code BsonDocument.parse} reads it back with the original types.
 */
final class MongoExtendedJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ID = "_id";

    private MongoExtendedJson() {}

    /**
     * Whether a table has the shape of a captured MongoDB collection, {@code _id} (its key) and one
     * {@code DOCUMENT} column holding the whole document; its changes get Debezium's MongoDB envelope.
     */
    static boolean isDocumentTable(TableSchema schema) {
        List<Column> columns = schema.columns();
        return columns.size() == 2 && columns.get(0).name().equals(ID) && schema.primaryKey().equals(List.of(ID))
                && columns.get(1).type().kind() == TypeKind.DOCUMENT;
    }

    /** The document of a document table's row as Extended JSON text; JSON null for a row without it (a delete without pre-image). */
    static JsonNode documentOf(Object[] row) {
        return row[1] == null ? NODES.nullNode() : NODES.textNode(text((Map<?, ?>) row[1]));
    }

    static String text(Map<?, ?> document) {
        return object(document).toString();
    }

    private static ObjectNode object(Map<?, ?> document) {
        ObjectNode object = NODES.objectNode();
        document.forEach((name, value) -> object.set(String.valueOf(name), node(value)));
        return object;
    }

    private static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof Map<?, ?> document) {
            return object(document);
        } else if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            list.forEach(element -> array.add(node(element)));
            return array;
        } else if (value instanceof String text) {
            return NODES.textNode(text);
        } else if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        } else if (value instanceof Integer || value instanceof Short) {
            return NODES.numberNode(((Number) value).intValue());
        } else if (value instanceof Long number) {
            return wrapped("$numberLong", NODES.textNode(Long.toString(number)));
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? NODES.numberNode(number) : wrapped("$numberDouble", NODES.textNode(Double.toString(number)));
        } else if (value instanceof BigDecimal decimal) {
            return wrapped("$numberDecimal", NODES.textNode(decimal.toString()));
        } else if (value instanceof OffsetDateTime instant) {
            return wrapped("$date", NODES.numberNode(instant.toInstant().toEpochMilli()));
        } else if (value instanceof byte[] bytes) {
            return binary(bytes, "00");
        } else if (value instanceof UUID uuid) {
            return binary(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array(), "04");
        } else if (value instanceof LocalDate || value instanceof LocalTime || value instanceof LocalDateTime) {
            return NODES.textNode(value.toString()); // not BSON types; only a transform can put them in a document
        }
        throw new IllegalArgumentException("A document cannot hold a value of " + value.getClass().getName());
    }

    private static ObjectNode binary(byte[] bytes, String subType) {
        ObjectNode binary = NODES.objectNode();
        binary.put("$binary", Base64.getEncoder().encodeToString(bytes));
        binary.put("$type", subType);
        return binary;
    }

    private static ObjectNode wrapped(String name, JsonNode value) {
        ObjectNode wrapper = NODES.objectNode();
        wrapper.set(name, value);
        return wrapper;
    }
}
