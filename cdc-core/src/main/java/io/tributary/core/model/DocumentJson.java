package io.tributary.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a {@link TypeKind#DOCUMENT} value as JSON, for targets that store or send JSON: fields in
 * document order; numbers as JSON numbers (non-finite floating values as strings, as JSON has
 * none); bytes as base64 text; dates, times and timestamps as ISO-8601 text (instants in UTC);
 * UUIDs as text; lists as arrays and nested documents as objects.
 */
public final class DocumentJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DocumentJson() {}

    /** The document as a JSON object. */
    public static ObjectNode tree(Map<?, ?> document) {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<?, ?> field : document.entrySet()) {
            object.set(String.valueOf(field.getKey()), node(field.getValue()));
        }
        return object;
    }

    /** The document as JSON text. */
    public static String text(Map<?, ?> document) {
        return tree(document).toString();
    }

    /** One value a document can hold (a number, text, a list, a nested document, …) as JSON text. */
    public static String valueText(Object value) {
        return node(value).toString();
    }

    private static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof Map<?, ?> document) {
            return tree(document);
        } else if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            list.forEach(element -> array.add(node(element)));
            return array;
        } else if (value instanceof String text) {
            return NODES.textNode(text);
        } else if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return NODES.numberNode(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? NODES.numberNode(number) : NODES.textNode(Double.toString(number));
        } else if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        } else if (value instanceof byte[] bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof OffsetDateTime instant) {
            return NODES.textNode(instant.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } else if (value instanceof LocalDate || value instanceof LocalTime || value instanceof LocalDateTime || value instanceof UUID) {
            return NODES.textNode(value.toString());
        }
        throw new IllegalArgumentException("A document cannot hold a value of " + value.getClass().getName());
    }
}
