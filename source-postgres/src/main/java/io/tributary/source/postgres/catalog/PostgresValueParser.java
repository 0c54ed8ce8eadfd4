package io.tributary.source.postgres.catalog;

import io.tributary.core.model.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Turns PostgreSQL's text output of a value (DateStyle ISO, as pgjdbc sets it on every
 * connection) into the Java value of its model type. Snapshot chunks and the change stream both
 * go through it, so the same stored value becomes the same Java value either way.
 *
 * <p>Special values: {@code infinity}/{@code -infinity} dates and timestamps become the MAX/MIN of
 * the Java type ({@link LocalDate#MAX}, {@link LocalDateTime#MAX}, and {@code LocalDateTime.MAX}
 * at UTC for timestamptz), as pgjdbc does; {@code 24:00:00} becomes {@link LocalTime#MAX}; BC
 * dates become proleptic years ≤ 0; NaN and ±Infinity of real/double are the Java float values.
 * A numeric NaN or ±Infinity has no {@link BigDecimal}: parsing it fails, naming the value.
 */
public final class PostgresValueParser {
    private static final LocalDateTime TIMESTAMP_INFINITY = LocalDateTime.MAX;
    private static final LocalDateTime TIMESTAMP_MINUS_INFINITY = LocalDateTime.MIN;
    private static final OffsetDateTime TIMESTAMPTZ_INFINITY = LocalDateTime.MAX.atOffset(ZoneOffset.UTC);
    private static final OffsetDateTime TIMESTAMPTZ_MINUS_INFINITY = LocalDateTime.MIN.atOffset(ZoneOffset.UTC);

    private PostgresValueParser() {}

    /**
     * The Java value of {@code text} for a column of {@code type}.
     *
     * @throws IllegalArgumentException when the text is not a value of the type
     */
    public static Object parse(DataType type, String text) {
        return switch (type.kind()) {
            case BOOLEAN -> parseBoolean(text);
            case SMALLINT -> Short.valueOf(text);
            case INTEGER -> Integer.valueOf(text);
            case BIGINT -> Long.valueOf(text);
            case FLOAT -> Float.valueOf(text);
            case DOUBLE -> Double.valueOf(text);
            case DECIMAL -> parseDecimal(text);
            case CHAR, VARCHAR, TEXT, JSON -> text;
            case BYTES -> parseBytea(text);
            case DATE -> parseDate(text);
            case TIME -> parseTime(text);
            case TIMESTAMP -> parseTimestamp(text);
            case TIMESTAMP_TZ -> parseTimestampTz(text);
            case UUID -> UUID.fromString(text);
            case ARRAY -> parseArray(type.elementType().orElseThrow(), text);
            case DOCUMENT -> throw new IllegalArgumentException("no PostgreSQL type maps to " + type);
        };
    }

    public static Boolean parseBoolean(String text) {
        return switch (text) {
            case "t", "true" -> Boolean.TRUE;
            case "f", "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean: " + text);
        };
    }

    public static BigDecimal parseDecimal(String text) {
        char first = text.isEmpty() ? ' ' : text.charAt(0);
        if (first == 'N' || first == 'I' || (first == '-' && text.length() > 1 && text.charAt(1) == 'I')) {
            throw new IllegalArgumentException("numeric value " + text + " has no exact DECIMAL value");
        }
        return new BigDecimal(text);
    }

    public static byte[] parseBytea(String text) {
        if (text.startsWith("\\x")) {
            int digits = text.length() - 2;
            if (digits % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits in bytea");
            }
            byte[] bytes = new byte[digits / 2];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ((hexDigit(text.charAt(2 + 2 * i)) << 4) | hexDigit(text.charAt(3 + 2 * i)));
            }
            return bytes;
        }
        return parseEscapedBytea(text);
    }

    /** The legacy {@code bytea_output = escape} format: {@code \\} and {@code \ooo} octal escapes. */
    private static byte[] parseEscapedBytea(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.write(c);
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                out.write('\\');
                i++;
            } else if (i + 3 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                throw new IllegalArgumentException("invalid bytea escape");
            }
        }
        return out.toByteArray();
    }

    private static int hexDigit(char c) {
        int digit = Character.digit(c, 16);
        if (digit < 0) {
            throw new IllegalArgumentException("invalid hex digit '" + c + "' in bytea");
        }
        return digit;
    }

    public static LocalDate parseDate(String text) {
        switch (text) {
            case "infinity":
                return LocalDate.MAX;
            case "-infinity":
                return LocalDate.MIN;
            default:
                boolean bc = text.endsWith(" BC");
                return date(bc ? text.substring(0, text.length() - 3) : text, bc);
        }
    }

    private static LocalDate date(String text, boolean bc) {
        int firstDash = text.indexOf('-', 1);
        if (firstDash < 0 || text.length() != firstDash + 6 || text.charAt(firstDash + 3) != '-') {
            throw new IllegalArgumentException("not a date: " + text);
        }
        int year = Integer.parseInt(text, 0, firstDash, 10);
        int month = Integer.parseInt(text, firstDash + 1, firstDash + 3, 10);
        int day = Integer.parseInt(text, firstDash + 4, firstDash + 6, 10);
        return LocalDate.of(bc ? 1 - year : year, month, day);
    }

    public static LocalTime parseTime(String text) {
        if (text.startsWith("24:00:00")) {
            return LocalTime.MAX;
        }
        return time(text, 0, text.length());
    }

    /** {@code HH:MM:SS[.fraction]} between {@code start} and {@code end}. */
    private static LocalTime time(String text, int start, int end) {
        if (end - start < 8 || text.charAt(start + 2) != ':' || text.charAt(start + 5) != ':') {
            throw new IllegalArgumentException("not a time: " + text.substring(start, end));
        }
        int hour = Integer.parseInt(text, start, start + 2, 10);
        int minute = Integer.parseInt(text, start + 3, start + 5, 10);
        int second = Integer.parseInt(text, start + 6, start + 8, 10);
        int nanos = 0;
        if (end > start + 8) {
            if (text.charAt(start + 8) != '.' || end - start - 9 > 9 || end - start - 9 < 1) {
                throw new IllegalArgumentException("not a time: " + text.substring(start, end));
            }
            int digits = end - start - 9;
            nanos = Integer.parseInt(text, start + 9, end, 10);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        return LocalTime.of(hour, minute, second, nanos);
    }

    public static LocalDateTime parseTimestamp(String text) {
        switch (text) {
            case "infinity":
                return TIMESTAMP_INFINITY;
            case "-infinity":
                return TIMESTAMP_MINUS_INFINITY;
            default:
                boolean bc = text.endsWith(" BC");
                int end = bc ? text.length() - 3 : text.length();
                int space = text.indexOf(' ');
                if (space < 0 || space > end) {
                    throw new IllegalArgumentException("not a timestamp: " + text);
                }
                return LocalDateTime.of(date(text.substring(0, space), bc), timeOfDay(text, space + 1, end));
        }
    }

    public static OffsetDateTime parseTimestampTz(String text) {
        switch (text) {
            case "infinity":
                return TIMESTAMPTZ_INFINITY;
            case "-infinity":
                return TIMESTAMPTZ_MINUS_INFINITY;
            default:
                boolean bc = text.endsWith(" BC");
                int end = bc ? text.length() - 3 : text.length();
                int space = text.indexOf(' ');
                int sign = space < 0 ? -1 : indexOfSign(text, space + 9, end);
                if (space < 0 || sign < 0) {
                    throw new IllegalArgumentException("not a timestamp with time zone: " + text);
                }
                LocalDateTime local = LocalDateTime.of(date(text.substring(0, space), bc), timeOfDay(text, space + 1, sign));
                return OffsetDateTime.of(local, offset(text, sign, end)).withOffsetSameInstant(ZoneOffset.UTC);
        }
    }

    private static LocalTime timeOfDay(String text, int start, int end) {
        if (text.startsWith("24:00:00", start)) {
            throw new IllegalArgumentException("timestamp with time 24:00:00: " + text);
        }
        return time(text, start, end);
    }

    private static int indexOfSign(String text, int from, int end) {
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            if (c == '+' || c == '-') {
                return i;
            }
        }
        return -1;
    }

    /** {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS}. */
    private static ZoneOffset offset(String text, int sign, int end) {
        int length = end - sign - 1;
        int hours = Integer.parseInt(text, sign + 1, sign + 3, 10);
        int minutes = length >= 5 ? Integer.parseInt(text, sign + 4, sign + 6, 10) : 0;
        int seconds = length >= 8 ? Integer.parseInt(text, sign + 7, sign + 9, 10) : 0;
        int total = hours * 3600 + minutes * 60 + seconds;
        return ZoneOffset.ofTotalSeconds(text.charAt(sign) == '-' ? -total : total);
    }

    /** A one-dimensional array literal, e.g. {@code {1,NULL,3}} or {@code [0:1]={"a b","c"}}. */
    public static List<Object> parseArray(DataType elementType, String text) {
        int start = 0;
        if (text.startsWith("[")) {
            start = text.indexOf('=') + 1;
            if (start <= 0) {
                throw new IllegalArgumentException("not an array: " + text);
            }
        }
        if (text.length() < start + 2 || text.charAt(start) != '{' || text.charAt(text.length() - 1) != '}') {
            throw new IllegalArgumentException("not an array: " + text);
        }
        int end = text.length() - 1;
        if (start + 1 == end) {
            return Collections.emptyList();
        }
        List<Object> values = new ArrayList<>();
        StringBuilder element = new StringBuilder();
        int i = start + 1;
        while (i <= end) {
            element.setLength(0);
            boolean quoted = false;
            if (text.charAt(i) == '{') {
                throw new IllegalArgumentException("multi-dimensional arrays are not supported: " + text);
            }
            if (text.charAt(i) == '"') {
                quoted = true;
                i++;
                while (text.charAt(i) != '"') {
                    char c = text.charAt(i++);
                    element.append(c == '\\' ? text.charAt(i++) : c);
                }
                i++;
            } else {
                while (i < end && text.charAt(i) != ',') {
                    char c = text.charAt(i++);
                    element.append(c == '\\' ? text.charAt(i++) : c);
                }
            }
            String value = element.toString();
            values.add(!quoted && value.equalsIgnoreCase("NULL") ? null : parse(elementType, value));
            if (i < end && text.charAt(i) != ',') {
                throw new IllegalArgumentException("not an array: " + text);
            }
            i++;
        }
        return Collections.unmodifiableList(values);
    }
}
