package io.tributary.sink.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.core.model.DataType;
import io.tributary.core.model.DocumentJson;
import io.tributary.core.model.TypeKind;
import io.tributary.core.model.UnchangedValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encodes one column value as JSON the way Debezium does with {@code decimal.handling.mode=string},
 * {@code time.precision.mode=adaptive} and {@code binary.handling.mode=base64}; the README's type
 * table lists the mapping.
 */
final class ColumnValueEncoder {
    /** What Debezium writes for a value the source did not send (e.g. an untouched TOAST column). */
    static final String UNAVAILABLE_VALUE = "__debezium_unavailable_value";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final LocalDate EPOCH = LocalDate.ofEpochDay(0);

    private ColumnValueEncoder() {}

    static JsonNode encode(Object value, DataType type) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value == UnchangedValue.INSTANCE) {
            return NODES.textNode(UNAVAILABLE_VALUE);
        }
        TypeKind kind = type.kind();
        return switch (kind) {
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case SMALLINT -> NODES.numberNode((Short) value);
            case INTEGER -> NODES.numberNode((Integer) value);
            case BIGINT -> NODES.numberNode((Long) value);
            case FLOAT -> floating(((Float) value).doubleValue(), NODES.numberNode((Float) value));
            case DOUBLE -> floating((Double) value, NODES.numberNode((Double) value));
            case DECIMAL -> NODES.textNode(((BigDecimal) value).toPlainString());
            case CHAR, VARCHAR, TEXT, JSON -> NODES.textNode((String) value);
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
            case DATE -> NODES.numberNode(ChronoUnit.DAYS.between(EPOCH, (LocalDate) value));
            case TIME -> time((LocalTime) value, precision(type));
            case TIMESTAMP -> timestamp((LocalDateTime) value, precision(type));
            case TIMESTAMP_TZ -> NODES.textNode(((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            case UUID -> NODES.textNode(value.toString());
            case ARRAY -> array((List<?>) value, type.elementType().orElseThrow());
            // As JSON columns: Debezium's io.debezium.data.Json, the document's JSON text.
            case DOCUMENT -> NODES.textNode(DocumentJson.text((Map<?, ?>) value));
        };
    }

    /** JSON has no NaN or infinities: Debezium's JSON converter writes them as strings too. */
    private static JsonNode floating(double value, JsonNode number) {
        return Double.isFinite(value) ? number : NODES.textNode(Double.toString(value));
    }

    private static int precision(DataType type) {
        return type.precision().orElse(6);
    }

    /** Milliseconds (precision ≤ 3), microseconds (≤ 6) or nanoseconds since midnight. */
    private static JsonNode time(LocalTime value, int precision) {
        long nanos = value.toNanoOfDay();
        if (precision <= 3) {
            return NODES.numberNode((int) (nanos / 1_000_000));
        }
        return NODES.numberNode(precision <= 6 ? nanos / 1_000 : nanos);
    }

    /** Milliseconds (precision ≤ 3), microseconds (≤ 6) or nanoseconds since the epoch, the wall time read as UTC. */
    private static JsonNode timestamp(LocalDateTime value, int precision) {
        long seconds = value.toEpochSecond(ZoneOffset.UTC);
        long nanos = value.getNano();
        if (precision <= 3) {
            return NODES.numberNode(Math.addExact(Math.multiplyExact(seconds, 1_000L), nanos / 1_000_000));
        }
        if (precision <= 6) {
            return NODES.numberNode(Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000));
        }
        return NODES.numberNode(Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos));
    }

    private static JsonNode array(List<?> values, DataType elementType) {
        ArrayNode array = NODES.arrayNode(values.size());
        for (Object element : values) {
            array.add(encode(element, elementType));
        }
        return array;
    }
}
