package io.tributary.sink.jdbc;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/**
 * Writes an array value as JSON text, for targets without native arrays. Numbers stay numbers
 * (NaN and infinities become strings), bytes become base64 strings, date-times ISO-8601 strings
 * (with a time zone: in UTC), JSON elements are embedded as they are.
 */
final class JsonText {
    private JsonText() {}

    static String of(List<?> values, DataType elementType) {
        StringBuilder out = new StringBuilder();
        appendArray(out, values, elementType);
        return out.toString();
    }

    private static void appendArray(StringBuilder out, List<?> values, DataType elementType) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendValue(out, values.get(i), elementType);
        }
        out.append(']');
    }

    private static void appendValue(StringBuilder out, Object value, DataType type) {
        if (value == null) {
            out.append("null");
        } else if (type.kind() == TypeKind.ARRAY) {
            appendArray(out, (List<?>) value, type.elementType().orElseThrow());
        } else if (type.kind() == TypeKind.JSON) {
            out.append((String) value);
        } else if (value instanceof Boolean || value instanceof Short || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.toPlainString());
        } else if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                out.append(value);
            } else {
                appendString(out, value.toString());
            }
        } else if (value instanceof byte[] bytes) {
            appendString(out, Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof OffsetDateTime timestamp) {
            appendString(out, timestamp.withOffsetSameInstant(ZoneOffset.UTC).toString());
        } else {
            appendString(out, value.toString());
        }
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
