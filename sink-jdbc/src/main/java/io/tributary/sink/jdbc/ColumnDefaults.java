package io.tributary.sink.jdbc;

import io.tributary.core.model.Column;
import io.tributary.core.model.ColumnDefault;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL literal of a column's constant default, so that the target gives rows that existed
 * before a column was added the value the source gave them. Computed defaults (functions, sequences,
 * the current time) are not carried: the target would compute other values than the source did.
 */
final class ColumnDefaults {
    private ColumnDefaults() {}

    /**
     * The literal, e.g. {@code 'web'}, {@code 12.50}, {@code TRUE}, {@code '2024-02-29'}; empty for a
     * computed default, bytes, or a value of another kind.
     *
     * @param backslashEscapes whether the target reads backslashes in strings as escapes (MySQL)
     */
    static Optional<String> literal(Column column, boolean backslashEscapes) {
        Optional<Object> value = column.defaultValue().flatMap(ColumnDefault::value);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Object v = value.get();
        if (v instanceof Boolean b) {
            return Optional.of(b ? "TRUE" : "FALSE");
        }
        if (v instanceof BigDecimal decimal) {
            return Optional.of(decimal.toPlainString());
        }
        if (v instanceof Number number && !(v instanceof Float f && !Float.isFinite(f)) && !(v instanceof Double d && !Double.isFinite(d))) {
            return Optional.of(number.toString());
        }
        if (v instanceof String || v instanceof UUID || v instanceof LocalDate) {
            return Optional.of(quoted(v.toString(), backslashEscapes));
        }
        if (v instanceof LocalTime || v instanceof LocalDateTime) {
            return Optional.of(quoted(v.toString().replace('T', ' '), backslashEscapes));
        }
        if (v instanceof OffsetDateTime instant) {
            String utc = instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString().replace('T', ' ');
            return Optional.of(quoted(backslashEscapes ? utc : utc + "+00", backslashEscapes));
        }
        return Optional.empty();
    }

    private static String quoted(String text, boolean backslashEscapes) {
        String escaped = text.replace("'", "''");
        if (backslashEscapes) {
            escaped = escaped.replace("\\", "\\\\");
        }
        return "'" + escaped + "'";
    }
}
