package io.tributary.core.transform.expression;

import io.tributary.core.model.DataType;
import io.tributary.core.model.DocumentJson;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/** Comparison, text form and conversion of row values (the classes of {@link TypeKind#javaClass()}). */
final class SqlValues {
    /** {@code 2024-01-31 12:00:00[.fff]} or with a {@code T}. */
    static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();
    private static final DateTimeFormatter TIMESTAMP_OUTPUT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ')
            .appendPattern("HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private SqlValues() {}

    /** The text form of a value, as CONCAT and CAST to a string type write it. */
    static String text(Object value) {
        if (value instanceof String text) {
            return text;
        } else if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        } else if (value instanceof LocalDateTime timestamp) {
            return timestamp.format(TIMESTAMP_OUTPUT);
        } else if (value instanceof OffsetDateTime instant) {
            return instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().format(TIMESTAMP_OUTPUT) + "Z";
        } else if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        } else if (value instanceof Map<?, ?> document) {
            return DocumentJson.text(document);
        }
        return String.valueOf(value);
    }

    /** Compares two non-null values; numbers of any class with each other, text with numbers and temporal values by parsing it. */
    static int compare(Object left, Object right) {
        if (left instanceof Number a && right instanceof Number b) {
            return compareNumbers(a, b);
        }
        if (left instanceof String text && !(right instanceof String)) {
            return -compare(right, text);
        }
        if (right instanceof String text && !(left instanceof String)) {
            return compare(left, parseLike(text, left));
        }
        if (left instanceof LocalDate date && right instanceof LocalDateTime) {
            return date.atStartOfDay().compareTo((LocalDateTime) right);
        }
        if (left instanceof LocalDateTime && right instanceof LocalDate date) {
            return ((LocalDateTime) left).compareTo(date.atStartOfDay());
        }
        if (left instanceof OffsetDateTime a && right instanceof LocalDateTime b) {
            return a.toInstant().compareTo(b.toInstant(ZoneOffset.UTC));
        }
        if (left instanceof LocalDateTime a && right instanceof OffsetDateTime b) {
            return a.toInstant(ZoneOffset.UTC).compareTo(b.toInstant());
        }
        if (left instanceof OffsetDateTime a && right instanceof OffsetDateTime b) {
            return a.toInstant().compareTo(b.toInstant());
        }
        if (left instanceof byte[] a && right instanceof byte[] b) {
            return Arrays.compare(a, b);
        }
        if (left.getClass() == right.getClass() && left instanceof Comparable<?>) {
            @SuppressWarnings("unchecked")
            Comparable<Object> comparable = (Comparable<Object>) left;
            return comparable.compareTo(right);
        }
        throw new ExpressionException("cannot compare " + left.getClass().getSimpleName() + " value " + text(left) + " with "
                + right.getClass().getSimpleName() + " value " + text(right));
    }

    private static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if ((a instanceof Double || a instanceof Float) && (b instanceof Double || b instanceof Float)) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short;
    }

    /** Text read as a value of the other operand's class, for comparisons such as {@code price > '10'}. */
    private static Object parseLike(String text, Object example) {
        try {
            String trimmed = text.trim();
            if (example instanceof Number) {
                return new BigDecimal(trimmed);
            } else if (example instanceof LocalDate) {
                return LocalDate.parse(trimmed);
            } else if (example instanceof LocalDateTime) {
                return LocalDateTime.parse(trimmed, TIMESTAMP_TEXT);
            } else if (example instanceof OffsetDateTime) {
                return toTimestampTz(trimmed);
            } else if (example instanceof LocalTime) {
                return LocalTime.parse(trimmed);
            } else if (example instanceof Boolean) {
                return toBoolean(trimmed);
            } else if (example instanceof UUID) {
                return UUID.fromString(trimmed);
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ExpressionException("cannot compare '" + text + "' with " + text(example) + ": '" + text + "' is not a "
                    + example.getClass().getSimpleName(), e);
        }
        throw new ExpressionException("cannot compare '" + text + "' with " + example.getClass().getSimpleName() + " value " + text(example));
    }

    static BigDecimal decimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        } else if (isIntegral(number)) {
            return BigDecimal.valueOf(number.longValue());
        }
        return BigDecimal.valueOf(number.doubleValue());
    }

    /** A number as the class of {@code kind} (a numeric kind): integral kinds truncate fractions. */
    static Object number(Number value, TypeKind kind) {
        return switch (kind) {
            case SMALLINT -> value instanceof BigDecimal d ? d.shortValue() : value.shortValue();
            case INTEGER -> value instanceof BigDecimal d ? d.intValue() : value.intValue();
            case BIGINT -> value instanceof BigDecimal d ? d.longValue() : value.longValue();
            case FLOAT -> value.floatValue();
            case DOUBLE -> value.doubleValue();
            case DECIMAL -> decimal(value);
            default -> throw new IllegalArgumentException(kind + " is not numeric");
        };
    }

    /** A value converted to {@code type}, as SQL's CAST does; a value that does not convert is an error. */
    static Object cast(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        TypeKind kind = type.kind();
        if (kind.javaClass().isInstance(value) && kind != TypeKind.DECIMAL && !isText(kind)) {
            return value;
        }
        try {
            return switch (kind) {
                case SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE -> number(asNumber(value), kind);
                case DECIMAL -> {
                    BigDecimal decimal = decimal(asNumber(value));
                    yield type.scale().isPresent() ? decimal.setScale(type.scale().getAsInt(), RoundingMode.HALF_UP) : decimal;
                }
                case CHAR, VARCHAR, TEXT, JSON -> {
                    String text = text(value);
                    yield type.length().isPresent() && text.length() > type.length().getAsInt() ? text.substring(0, type.length().getAsInt()) : text;
                }
                case BOOLEAN -> value instanceof Number n ? decimal(n).signum() != 0 : toBoolean(text(value).trim());
                case DATE -> toDate(value);
                case TIME -> value instanceof LocalDateTime t ? t.toLocalTime() : LocalTime.parse(text(value).trim());
                case TIMESTAMP -> toTimestamp(value);
                case TIMESTAMP_TZ -> value instanceof LocalDateTime t ? t.atOffset(ZoneOffset.UTC)
                        : value instanceof LocalDate d ? d.atStartOfDay().atOffset(ZoneOffset.UTC) : toTimestampTz(text(value).trim());
                case BYTES -> text(value).getBytes(StandardCharsets.UTF_8);
                case UUID -> UUID.fromString(text(value).trim());
                default -> throw new ExpressionException("CAST to " + kind + " is not supported");
            };
        } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
            throw new ExpressionException("cannot CAST " + text(value) + " to " + type + ": " + e.getMessage(), e);
        }
    }

    static boolean isText(TypeKind kind) {
        return kind == TypeKind.CHAR || kind == TypeKind.VARCHAR || kind == TypeKind.TEXT || kind == TypeKind.JSON;
    }

    private static Number asNumber(Object value) {
        if (value instanceof Number number) {
            return number;
        } else if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        return new BigDecimal(text(value).trim());
    }

    private static Boolean toBoolean(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "t", "1", "yes", "y" -> Boolean.TRUE;
            case "false", "f", "0", "no", "n" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + text + "' is not a boolean");
        };
    }

    private static LocalDate toDate(Object value) {
        if (value instanceof LocalDateTime t) {
            return t.toLocalDate();
        } else if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        }
        return LocalDate.parse(text(value).trim());
    }

    static LocalDateTime toTimestamp(Object value) {
        if (value instanceof LocalDate d) {
            return d.atStartOfDay();
        } else if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        String text = text(value).trim();
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text, TIMESTAMP_TEXT);
    }

    private static OffsetDateTime toTimestampTz(String text) {
        try {
            return OffsetDateTime.parse(text.replace(' ', 'T')).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return toTimestamp(text).atOffset(ZoneOffset.UTC);
        }
    }
}
