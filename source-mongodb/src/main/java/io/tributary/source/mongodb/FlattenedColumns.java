package io.tributary.source.mongodb;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.DocumentJson;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonBinarySubType;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * The column types of {@code document.flatten}: each top-level field of a collection's documents
 * becomes a nullable column typed by the BSON values seen in it, widened when they differ.
 *
 * <p>int32 is {@code INTEGER}, int64 {@code BIGINT}, double {@code DOUBLE}, decimal128
 * {@code DECIMAL}, string {@code TEXT}, boolean {@code BOOLEAN}, date {@code TIMESTAMP_TZ(3)},
 * binary data {@code BYTES} (subtype 4 {@code UUID}), documents, arrays and every other type
 * {@code JSON}. Numbers widen along int32 → int64 → double, and to {@code DECIMAL} with a decimal128;
 * any other mix is {@code TEXT}, which holds non-string values as their JSON text.
 */
public final class FlattenedColumns {
    private FlattenedColumns() {}

    /** The schema of a collection whose documents look like {@code sample}: {@code _id} first, then each field in the order first seen. */
    public static TableSchema infer(IdKind kind, Iterable<? extends Map<String, BsonValue>> sample) {
        Map<String, Optional<DataType>> fields = new LinkedHashMap<>();
        for (Map<String, BsonValue> document : sample) {
            document.forEach((name, value) -> {
                if (!name.equals("_id")) {
                    Optional<DataType> seen = typeOf(value);
                    fields.merge(name, seen, (a, b) -> a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(widen(a.get(), b.get())));
                }
            });
        }
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("_id", kind.columnType()));
        fields.forEach((name, type) -> columns.add(new Column(name, type.orElse(DataType.of(TypeKind.TEXT)))));
        return new TableSchema(columns, List.of("_id"));
    }

    /** The column type a value asks for; empty for null (which any column holds). */
    public static Optional<DataType> typeOf(BsonValue value) {
        return Optional.ofNullable(switch (value.getBsonType()) {
            case NULL, UNDEFINED -> null;
            case INT32 -> DataType.of(TypeKind.INTEGER);
            case INT64 -> DataType.of(TypeKind.BIGINT);
            case DOUBLE -> DataType.of(TypeKind.DOUBLE);
            case DECIMAL128 -> finite(value.asDecimal128().getValue()) ? DataType.of(TypeKind.DECIMAL) : DataType.of(TypeKind.TEXT);
            case STRING, SYMBOL -> DataType.of(TypeKind.TEXT);
            case BOOLEAN -> DataType.of(TypeKind.BOOLEAN);
            case DATE_TIME -> DataType.temporal(TypeKind.TIMESTAMP_TZ, 3);
            case BINARY -> value.asBinary().getType() == BsonBinarySubType.UUID_STANDARD.getValue() ? DataType.of(TypeKind.UUID)
                    : DataType.of(TypeKind.BYTES);
            default -> DataType.of(TypeKind.JSON);
        });
    }

    /** The narrowest column type holding values of both types. */
    public static DataType widen(DataType a, DataType b) {
        if (a.kind() == b.kind()) {
            return a;
        }
        int rankA = numericRank(a.kind());
        int rankB = numericRank(b.kind());
        if (rankA > 0 && rankB > 0) {
            return rankA > rankB ? a : b;
        }
        return DataType.of(TypeKind.TEXT);
    }

    /** Whether a column of {@code type} holds {@code value} as it is. */
    public static boolean holds(DataType type, BsonValue value) {
        return typeOf(value).map(own -> widen(type, own).kind() == type.kind()).orElse(true);
    }

    /** The column value of a field value; the column must hold it ({@link #holds}). */
    public static Object value(DataType type, BsonValue value) {
        Object model = BsonValues.value(value);
        if (model == null) {
            return null;
        }
        return switch (type.kind()) {
            case BIGINT -> ((Number) model).longValue();
            case DOUBLE -> ((Number) model).doubleValue();
            case DECIMAL -> model instanceof BigDecimal decimal ? decimal : model instanceof Double number ? BigDecimal.valueOf(number)
                    : BigDecimal.valueOf(((Number) model).longValue());
            case TEXT -> model instanceof String text ? text : DocumentJson.valueText(model);
            case JSON -> DocumentJson.valueText(model);
            default -> model; // INTEGER, BOOLEAN, TIMESTAMP_TZ, BYTES, UUID: the model's own class
        };
    }

    private static int numericRank(TypeKind kind) {
        return switch (kind) {
            case INTEGER -> 1;
            case BIGINT -> 2;
            case DOUBLE -> 3;
            case DECIMAL -> 4;
            default -> 0;
        };
    }

    private static boolean finite(Decimal128 decimal) {
        return !decimal.isNaN() && !decimal.isInfinite();
    }
}
