package io.tributary.sink.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.core.model.DataType;
import io.tributary.core.model.DocumentJson;
import io.tributary.core.model.UnchangedValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encodes one column value for {@code canal-json} as Canal does: a string holding the SQL text
 * form of the value ({@code "42"}, {@code "12.50"}, {@code "2024-05-06 07:30:00.5"}), so that Canal
 * clients and Flink's {@code canal-json} format read it; the README's table lists the forms.
 */
final class CanalValueEncoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter();
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .append(TIME)
            .toFormatter();

    private CanalValueEncoder() {}

    static JsonNode encode(Object value, DataType type) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value == UnchangedValue.INSTANCE) {
            return NODES.textNode(ColumnValueEncoder.UNAVAILABLE_VALUE);
        }
        return switch (type.kind()) {
            case BOOLEAN, SMALLINT, INTEGER, BIGINT, CHAR, VARCHAR, TEXT, JSON, UUID -> NODES.textNode(value.toString());
            case FLOAT -> NODES.textNode(floating(((Float) value).doubleValue(), Float.toString((Float) value)));
            case DOUBLE -> NODES.textNode(floating((Double) value, Double.toString((Double) value)));
            case DECIMAL -> NODES.textNode(((BigDecimal) value).toPlainString());
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
            case DATE -> NODES.textNode(((LocalDate) value).format(DateTimeFormatter.ISO_LOCAL_DATE));
            case TIME -> NODES.textNode(((LocalTime) value).format(TIME));
            case TIMESTAMP -> NODES.textNode(((LocalDateTime) value).format(TIMESTAMP));
            case TIMESTAMP_TZ -> NODES.textNode(((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().format(TIMESTAMP) + "Z");
            case ARRAY -> array((List<?>) value, type.elementType().orElseThrow());
            case DOCUMENT -> NODES.textNode(DocumentJson.text((Map<?, ?>) value));
        };
    }

    /** Plain notation (no exponent), as SQL prints it; NaN and infinities by name. */
    private static String floating(double value, String shortest) {
        return Double.isFinite(value) ? new BigDecimal(shortest).toPlainString() : Double.toString(value);
    }

    private static ArrayNode array(List<?> values, DataType elementType) {
        ArrayNode array = NODES.arrayNode(values.size());
        for (Object element : values) {
            array.add(encode(element, elementType));
        }
        return array;
    }
}
