package io.tributary.core.schema;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The narrowest type that holds the values of two types, as Flink CDC merges the schemas of
 * several tables routed to one: integers widen to the wider integer, integers and decimals to a
 * decimal with room for both, any number with a floating-point one to DOUBLE, character types to
 * the longer VARCHAR (or TEXT), DATE with TIMESTAMP to TIMESTAMP, and anything else to TEXT.
 * The result is nullable when either type is.
 */
public final class TypeWidening {
    /** Decimal digits an integer kind needs. */
    private static final Map<TypeKind, Integer> INTEGER_DIGITS = Map.of(TypeKind.SMALLINT, 5, TypeKind.INTEGER, 10, TypeKind.BIGINT, 19);
    private static final int MAX_DECIMAL_PRECISION = 38;

    private TypeWidening() {}

    public static DataType widen(DataType a, DataType b) {
        return widenKind(a, b).withNullable(a.nullable() || b.nullable());
    }

    /** True when values of {@code from} fit {@code to} unchanged in meaning (widening {@code to} with {@code from} leaves it). */
    public static boolean holds(DataType to, DataType from) {
        return widen(to, from).withNullable(to.nullable()).equals(to);
    }

    private static DataType widenKind(DataType a, DataType b) {
        TypeKind x = a.kind();
        TypeKind y = b.kind();
        if (x == y) {
            return sameKind(a, b);
        }
        if (INTEGER_DIGITS.containsKey(x) && INTEGER_DIGITS.containsKey(y)) {
            return INTEGER_DIGITS.get(x) >= INTEGER_DIGITS.get(y) ? a : b;
        }
        if (isExact(x) && isExact(y)) {
            return decimal(exactShape(a), exactShape(b));
        }
        if (isNumeric(x) && isNumeric(y)) {
            return DataType.of(TypeKind.DOUBLE);
        }
        if (isCharacter(x) && isCharacter(y)) {
            return character(a, b);
        }
        if ((x == TypeKind.DATE && y == TypeKind.TIMESTAMP) || (x == TypeKind.TIMESTAMP && y == TypeKind.DATE)) {
            return x == TypeKind.TIMESTAMP ? a : b;
        }
        return DataType.of(TypeKind.TEXT);
    }

    private static DataType sameKind(DataType a, DataType b) {
        return switch (a.kind()) {
            case CHAR, VARCHAR, BYTES -> a.length().isEmpty() || b.length().isEmpty()
                    ? new DataType(a.kind() == TypeKind.CHAR ? TypeKind.VARCHAR : a.kind(), OptionalInt.empty(), OptionalInt.empty(),
                            OptionalInt.empty(), true, Optional.empty())
                    : (a.length().getAsInt() >= b.length().getAsInt() ? a : b);
            case DECIMAL -> decimal(exactShape(a), exactShape(b));
            case TIME, TIMESTAMP, TIMESTAMP_TZ -> a.precision().orElse(6) >= b.precision().orElse(6) ? a : b;
            case ARRAY -> DataType.arrayOf(widen(a.elementType().orElseThrow(), b.elementType().orElseThrow()));
            default -> a;
        };
    }

    /** Integer digits and scale of an exact type; empty precision for an unbounded decimal. */
    private record Shape(int integerDigits, int scale, boolean unbounded) {}

    private static Shape exactShape(DataType type) {
        if (INTEGER_DIGITS.containsKey(type.kind())) {
            return new Shape(INTEGER_DIGITS.get(type.kind()), 0, false);
        }
        if (type.precision().isEmpty()) {
            return new Shape(0, 0, true);
        }
        int scale = type.scale().orElse(0);
        return new Shape(type.precision().getAsInt() - scale, scale, false);
    }

    private static DataType decimal(Shape a, Shape b) {
        if (a.unbounded() || b.unbounded()) {
            return DataType.of(TypeKind.DECIMAL);
        }
        int scale = Math.max(a.scale(), b.scale());
        int precision = Math.max(a.integerDigits(), b.integerDigits()) + scale;
        return precision > MAX_DECIMAL_PRECISION ? DataType.of(TypeKind.DECIMAL) : DataType.decimal(precision, scale);
    }

    private static DataType character(DataType a, DataType b) {
        if (a.kind() == TypeKind.TEXT || b.kind() == TypeKind.TEXT || a.length().isEmpty() || b.length().isEmpty()) {
            return a.kind() == TypeKind.TEXT || b.kind() == TypeKind.TEXT ? DataType.of(TypeKind.TEXT) : DataType.of(TypeKind.VARCHAR);
        }
        return DataType.withLength(TypeKind.VARCHAR, Math.max(a.length().getAsInt(), b.length().getAsInt()));
    }

    private static boolean isExact(TypeKind kind) {
        return INTEGER_DIGITS.containsKey(kind) || kind == TypeKind.DECIMAL;
    }

    private static boolean isNumeric(TypeKind kind) {
        return isExact(kind) || kind == TypeKind.FLOAT || kind == TypeKind.DOUBLE;
    }

    private static boolean isCharacter(TypeKind kind) {
        return kind == TypeKind.CHAR || kind == TypeKind.VARCHAR || kind == TypeKind.TEXT;
    }
}
