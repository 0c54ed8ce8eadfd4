package io.tributary.core.schema;

import io.tributary.core.model.DocumentJson;
import io.tributary.core.model.TypeKind;
import io.tributary.core.model.UnchangedValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;

/**
 * Converts a value to the class of a wider kind ({@link TypeWidening}), so that a row of one shard
 * fits the merged table's column: an Integer into a BIGINT column becomes a Long, a DATE into a
 * TIMESTAMP column midnight of that day, anything into a TEXT column its text.
 */
final class ValueCoercion {
    private ValueCoercion() {}

    static Object coerce(Object value, TypeKind to) {
        if (value == null || value == UnchangedValue.INSTANCE || to.javaClass().isInstance(value)) {
            return value;
        }
        return switch (to) {
            case INTEGER -> ((Number) value).intValue();
            case BIGINT -> ((Number) value).longValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case FLOAT -> ((Number) value).floatValue();
            case DECIMAL -> value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
            case TIMESTAMP -> ((LocalDate) value).atStartOfDay();
            case CHAR, VARCHAR, TEXT, JSON -> text(value);
            default -> throw new IllegalArgumentException("Cannot convert " + value.getClass().getSimpleName() + " to " + to);
        };
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Map<?, ?> document) {
            return DocumentJson.text(document);
        }
        return value.toString();
    }
}
