package io.tributary.core.transform.expression;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.util.List;
import java.util.OptionalInt;

/** Result types of operators and functions over the model's types. */
final class Types {
    static final DataType BOOLEAN = DataType.of(TypeKind.BOOLEAN);
    static final DataType STRING = DataType.of(TypeKind.VARCHAR);
    static final DataType INTEGER = DataType.of(TypeKind.INTEGER);

    private Types() {}

    static boolean isNumeric(TypeKind kind) {
        return switch (kind) {
            case SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }

    static boolean isIntegral(TypeKind kind) {
        return kind == TypeKind.SMALLINT || kind == TypeKind.INTEGER || kind == TypeKind.BIGINT;
    }

    static boolean isTemporal(TypeKind kind) {
        return kind == TypeKind.DATE || kind == TypeKind.TIMESTAMP || kind == TypeKind.TIMESTAMP_TZ;
    }

    /** The kind two numeric operands are computed in: DOUBLE with any floating operand, else DECIMAL with any decimal, else the wider integer (at least INTEGER). */
    static TypeKind numericKind(TypeKind a, TypeKind b) {
        if (a == TypeKind.DOUBLE || a == TypeKind.FLOAT || b == TypeKind.DOUBLE || b == TypeKind.FLOAT) {
            return TypeKind.DOUBLE;
        } else if (a == TypeKind.DECIMAL || b == TypeKind.DECIMAL) {
            return TypeKind.DECIMAL;
        } else if (a == TypeKind.BIGINT || b == TypeKind.BIGINT) {
            return TypeKind.BIGINT;
        }
        return TypeKind.INTEGER;
    }

    /** Precision and scale of a numeric type seen as DECIMAL, when known (integers have scale 0). */
    static OptionalInt[] decimalShape(DataType type) {
        return switch (type.kind()) {
            case SMALLINT -> new OptionalInt[] {OptionalInt.of(5), OptionalInt.of(0)};
            case INTEGER -> new OptionalInt[] {OptionalInt.of(10), OptionalInt.of(0)};
            case BIGINT -> new OptionalInt[] {OptionalInt.of(19), OptionalInt.of(0)};
            case DECIMAL -> new OptionalInt[] {type.precision(), type.scale().isPresent() ? type.scale() : OptionalInt.of(0)};
            default -> new OptionalInt[] {OptionalInt.empty(), OptionalInt.empty()};
        };
    }

    /** The DECIMAL type of {@code a op b} (op one of + - * /), as SQL derives it; unbounded where it cannot be known. */
    static DataType decimalResult(char operator, DataType a, DataType b) {
        OptionalInt[] left = decimalShape(a);
        OptionalInt[] right = decimalShape(b);
        if (left[0].isEmpty() || right[0].isEmpty() || operator == '/') {
            return DataType.of(TypeKind.DECIMAL);
        }
        int p1 = left[0].getAsInt(), s1 = left[1].getAsInt(), p2 = right[0].getAsInt(), s2 = right[1].getAsInt();
        int precision;
        int scale;
        if (operator == '*') {
            precision = p1 + p2;
            scale = s1 + s2;
        } else {
            scale = Math.max(s1, s2);
            precision = Math.max(p1 - s1, p2 - s2) + scale + 1;
        }
        precision = Math.min(precision, 38);
        return DataType.decimal(precision, Math.min(scale, precision));
    }

    /**
     * The one type several branches (CASE, COALESCE, IF) have: the same kind, a common numeric kind,
     * or text; {@code null} when they have none. A NULL literal's branch is ignored.
     */
    static DataType common(List<DataType> types, List<Boolean> nullLiterals) {
        DataType result = null;
        for (int i = 0; i < types.size(); i++) {
            if (nullLiterals.get(i)) {
                continue;
            }
            DataType type = types.get(i);
            if (result == null || result.equals(type)) {
                result = type;
            } else if (result.kind() == type.kind()) {
                result = type.kind() == TypeKind.DECIMAL ? DataType.of(TypeKind.DECIMAL) : DataType.of(type.kind());
            } else if (isNumeric(result.kind()) && isNumeric(type.kind())) {
                result = DataType.of(numericKind(result.kind(), type.kind()));
            } else if (SqlValues.isText(result.kind()) && SqlValues.isText(type.kind())) {
                result = STRING;
            } else {
                return null;
            }
        }
        return (result == null ? STRING : result).withNullable(true);
    }
}
