package io.tributary.source.postgres.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Writes a key value as PostgreSQL input text, the inverse of {@link PostgresValueParser}, so that
 * chunk bounds bind as {@code CAST(? AS type)} whatever their type.
 */
public final class PostgresValueFormatter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PostgresValueFormatter() {}

    public static String format(Object value) {
        if (value instanceof String s) {
            return s;
        } else if (value instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (value instanceof Number || value instanceof Boolean || value instanceof UUID) {
            return value.toString();
        } else if (value instanceof byte[] bytes) {
            return formatBytea(bytes);
        } else if (value instanceof LocalDate date) {
            return formatDate(date);
        } else if (value instanceof LocalTime time) {
            return time.equals(LocalTime.MAX) ? "24:00:00" : formatTime(time);
        } else if (value instanceof LocalDateTime timestamp) {
            return formatTimestamp(timestamp, "");
        } else if (value instanceof OffsetDateTime timestamp) {
            return formatTimestamp(timestamp.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), "+00");
        }
        throw new IllegalArgumentException("Cannot write a key value of " + value.getClass().getName() + " as PostgreSQL text");
    }

    private static String formatBytea(byte[] bytes) {
        StringBuilder sb = new StringBuilder(2 + 2 * bytes.length).append("\\x");
        for (byte b : bytes) {
            sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return sb.toString();
    }

    private static String formatDate(LocalDate date) {
        if (date.equals(LocalDate.MAX)) {
            return "infinity";
        }
        if (date.equals(LocalDate.MIN)) {
            return "-infinity";
        }
        return datePart(date) + (date.getYear() <= 0 ? " BC" : "");
    }

    private static String formatTimestamp(LocalDateTime timestamp, String zone) {
        if (timestamp.equals(LocalDateTime.MAX)) {
            return "infinity";
        }
        if (timestamp.equals(LocalDateTime.MIN)) {
            return "-infinity";
        }
        return datePart(timestamp.toLocalDate()) + " " + formatTime(timestamp.toLocalTime()) + zone + (timestamp.getYear() <= 0 ? " BC" : "");
    }

    private static String datePart(LocalDate date) {
        int year = date.getYear() <= 0 ? 1 - date.getYear() : date.getYear();
        return String.format("%04d-%02d-%02d", year, date.getMonthValue(), date.getDayOfMonth());
    }

    private static String formatTime(LocalTime time) {
        String text = String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
        if (time.getNano() == 0) {
            return text;
        }
        String fraction = String.format("%09d", time.getNano());
        int end = fraction.length();
        while (fraction.charAt(end - 1) == '0') {
            end--;
        }
        return text + "." + fraction.substring(0, end);
    }
}
