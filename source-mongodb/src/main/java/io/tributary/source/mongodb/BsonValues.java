package io.tributary.source.mongodb;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.UuidRepresentation;
import org.bson.internal.UuidHelper;
import org.bson.types.Decimal128;

/**
 * Turns BSON values into the model's document values ({@link io.tributary.core.model.TypeKind#DOCUMENT}):
 * numbers, text, booleans, dates (instants in UTC), binary data (UUIDs of subtype 4 as UUIDs),
 * lists and nested documents as they are; the types the model has no class for as their
 * relaxed Extended JSON objects ({@code {"$oid": "…"}}, {@code {"$timestamp": {"t": …, "i": …}}},
 * {@code {"$minKey": 1}}, …), so a JSON target receives what {@code mongoexport} would write.
 */
public final class BsonValues {
    private BsonValues() {}

    /** The document as an ordered, unmodifiable field map. */
    public static Map<String, Object> document(BsonDocument document) {
        Map<String, Object> fields = new LinkedHashMap<>(Math.max(4, document.size() * 2));
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            fields.put(field.getKey(), value(field.getValue()));
        }
        return Collections.unmodifiableMap(fields);
    }

    public static Object value(BsonValue value) {
        return switch (value.getBsonType()) {
            case NULL, UNDEFINED -> null;
            case INT32 -> value.asInt32().getValue();
            case INT64 -> value.asInt64().getValue();
            case DOUBLE -> value.asDouble().getValue();
            case DECIMAL128 -> decimal(value.asDecimal128().getValue());
            case STRING -> value.asString().getValue();
            case SYMBOL -> value.asSymbol().getSymbol();
            case BOOLEAN -> value.asBoolean().getValue();
            case DATE_TIME -> OffsetDateTime.ofInstant(Instant.ofEpochMilli(value.asDateTime().getValue()), ZoneOffset.UTC);
            case DOCUMENT -> document(value.asDocument());
            case ARRAY -> {
                List<Object> list = new ArrayList<>(value.asArray().size());
                value.asArray().forEach(element -> list.add(value(element)));
                yield Collections.unmodifiableList(list);
            }
            case BINARY -> value.asBinary().getType() == BsonBinarySubType.UUID_STANDARD.getValue()
                    ? UuidHelper.decodeBinaryToUuid(value.asBinary().getData(), value.asBinary().getType(), UuidRepresentation.STANDARD)
                    : value.asBinary().getData();
            case OBJECT_ID -> Map.of("$oid", value.asObjectId().getValue().toHexString());
            case TIMESTAMP -> Map.of("$timestamp", orderedMap("t", (long) value.asTimestamp().getTime(), "i", (long) value.asTimestamp().getInc()));
            case REGULAR_EXPRESSION -> Map.of("$regularExpression",
                    orderedMap("pattern", value.asRegularExpression().getPattern(), "options", value.asRegularExpression().getOptions()));
            case JAVASCRIPT -> Map.of("$code", value.asJavaScript().getCode());
            case JAVASCRIPT_WITH_SCOPE -> orderedMap("$code", value.asJavaScriptWithScope().getCode(), "$scope",
                    document(value.asJavaScriptWithScope().getScope()));
            case DB_POINTER -> Map.of("$dbPointer", orderedMap("$ref", value.asDBPointer().getNamespace(), "$id",
                    Map.of("$oid", value.asDBPointer().getId().toHexString())));
            case MIN_KEY -> Map.of("$minKey", 1);
            case MAX_KEY -> Map.of("$maxKey", 1);
            case END_OF_DOCUMENT -> throw new IllegalArgumentException("not a value: " + value);
        };
    }

    private static Object decimal(Decimal128 decimal) {
        if (decimal.isNaN() || decimal.isInfinite()) {
            return Map.of("$numberDecimal", decimal.toString());
        }
        try {
            return decimal.bigDecimalValue();
        } catch (ArithmeticException negativeZero) {
            return java.math.BigDecimal.ZERO; // Decimal128 has a negative zero, BigDecimal has not
        }
    }

    private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return Collections.unmodifiableMap(map);
    }
}
