package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A column type: its kind plus the length, precision and scale where the kind has them, and
 * nullability. {@code length} applies to CHAR/VARCHAR/BYTES, {@code precision}/{@code scale} to
 * DECIMAL, {@code precision} (fractional seconds) to TIME/TIMESTAMP/TIMESTAMP_TZ.
 */
public record DataType(TypeKind kind, OptionalInt length, OptionalInt precision, OptionalInt scale, boolean nullable, Optional<DataType> elementType)
        implements Serializable {

    public DataType {
        requireNonNull(kind, "kind is null");
        requireNonNull(length, "length is null");
        requireNonNull(precision, "precision is null");
        requireNonNull(scale, "scale is null");
        requireNonNull(elementType, "elementType is null");
        if (kind == TypeKind.ARRAY && elementType.isEmpty()) {
            throw new IllegalArgumentException("ARRAY needs an element type");
        }
        if (kind != TypeKind.ARRAY && elementType.isPresent()) {
            throw new IllegalArgumentException(kind + " has no element type");
        }
        if (scale.isPresent() && precision.isEmpty()) {
            throw new IllegalArgumentException("scale without precision");
        }
    }

    public static DataType of(TypeKind kind) {
        return new DataType(kind, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), true, Optional.empty());
    }

    public static DataType withLength(TypeKind kind, int length) {
        return new DataType(kind, OptionalInt.of(length), OptionalInt.empty(), OptionalInt.empty(), true, Optional.empty());
    }

    public static DataType decimal(int precision, int scale) {
        return new DataType(TypeKind.DECIMAL, OptionalInt.empty(), OptionalInt.of(precision), OptionalInt.of(scale), true, Optional.empty());
    }

    /** TIME, TIMESTAMP or TIMESTAMP_TZ with fractional-second precision. */
    public static DataType temporal(TypeKind kind, int precision) {
        return new DataType(kind, OptionalInt.empty(), OptionalInt.of(precision), OptionalInt.empty(), true, Optional.empty());
    }

    public static DataType arrayOf(DataType element) {
        return new DataType(TypeKind.ARRAY, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), true, Optional.of(element));
    }

    public DataType notNull() {
        return new DataType(kind, length, precision, scale, false, elementType);
    }

    public DataType withNullable(boolean isNullable) {
        return new DataType(kind, length, precision, scale, isNullable, elementType);
    }

    /** Compact form for logs and errors, e.g. {@code DECIMAL(10,2) NOT NULL}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.name());
        if (kind == TypeKind.ARRAY) {
            sb.append('<').append(elementType.orElseThrow()).append('>');
        }
        if (length.isPresent()) {
            sb.append('(').append(length.getAsInt()).append(')');
        } else if (precision.isPresent()) {
            sb.append('(').append(precision.getAsInt());
            if (scale.isPresent()) {
                sb.append(',').append(scale.getAsInt());
            }
            sb.append(')');
        }
        if (!nullable) {
            sb.append(" NOT NULL");
        }
        return sb.toString();
    }
}
