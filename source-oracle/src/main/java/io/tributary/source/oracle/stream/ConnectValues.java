package io.tributary.source.oracle.stream;

import io.debezium.data.VariableScaleDecimal;
import io.debezium.time.Interval;
import io.debezium.time.IsoTimestamp;
import io.debezium.time.ZonedTimestamp;
import io.tributary.core.model.DataType;
import io.tributary.core.model.UnchangedValue;
import io.tributary.source.oracle.catalog.OracleValues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Converts a column value of the Oracle connector's change records into the model class of the
 * column's kind, equal to what the snapshot reads for the same Oracle value. It expects the
 * representations {@link OracleEngineProperties#VALUE_PROPERTIES} fix and unwraps them into what
 * {@link OracleValues#toModel} takes, so both paths share the final conversion:
 *
 * <ul>
 *   <li>{@code NUMBER(p,s)} with {@code s <= 0} and fewer than 19 digits: INT8/16/32/64; other
 *       {@code NUMBER(p,s)}: Connect {@link Decimal} with the column's scale; {@code NUMBER} without a
 *       precision and {@code FLOAT}: {@link VariableScaleDecimal} (a struct of scale and unscaled bytes);</li>
 *   <li>{@code BINARY_FLOAT}/{@code DOUBLE}: FLOAT32/FLOAT64, NaN and infinities included;</li>
 *   <li>character types and CLOB: STRING; RAW and BLOB: BYTES ({@code binary.handling.mode=bytes});</li>
 *   <li>{@code DATE} and {@code TIMESTAMP(p)}: {@link IsoTimestamp} text with Oracle's fields written
 *       as if UTC, to the nanosecond ({@code time.precision.mode=isostring}; {@code adaptive}'s
 *       epoch nanoseconds would not reach past 2262);</li>
 *   <li>{@code TIMESTAMP WITH (LOCAL) TIME ZONE}: {@link ZonedTimestamp} text with an offset;</li>
 *   <li>intervals: {@link Interval} text, {@code P<y>Y<m>M<d>DT<h>H<m>M<s>S} with a sign on each
 *       part ({@code interval.handling.mode=string}; the numeric mode counts a month as 30.4375 days).</li>
 * </ul>
 *
 * <p>A LOB (or an extended VARCHAR2) that an update did not change arrives as
 * {@link OracleEngineProperties#UNAVAILABLE_VALUE_PLACEHOLDER}; it becomes {@link UnchangedValue}.
 */
final class ConnectValues {
    private static final Pattern INTERVAL = Pattern.compile("P(-?\\d+)Y(-?\\d+)M(-?\\d+)DT(-?\\d+)H(-?\\d+)M(-?\\d+(?:\\.\\d+)?)S");
    private static final byte[] UNAVAILABLE_BYTES = OracleEngineProperties.UNAVAILABLE_VALUE_PLACEHOLDER.getBytes(StandardCharsets.UTF_8);
    private static final long SECONDS_PER_MINUTE = 60;
    private static final long SECONDS_PER_HOUR = 3_600;
    private static final long SECONDS_PER_DAY = 86_400;

    private ConnectValues() {}

    /**
     * {@code value}, of a field with {@code schema}, as a value of {@code type}; null stays null.
     *
     * @param yearToMonth whether the column is an {@code INTERVAL YEAR TO MONTH}
     * @throws IllegalArgumentException when the value has a representation or range the column cannot take
     */
    static Object toModel(DataType type, boolean yearToMonth, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (isUnavailable(type, value)) {
            return UnchangedValue.INSTANCE;
        }
        Object plain = plain(type, yearToMonth, schema, value);
        if (plain instanceof BigDecimal number && type.scale().isEmpty()) {
            plain = oracleNumberForm(number);
        }
        try {
            return OracleValues.toModel(type, plain);
        } catch (SQLException e) {
            // only LOB objects make OracleValues read a server, and a record holds none
            throw new IllegalStateException("a change record's value needed the server", e);
        }
    }

    private static boolean isUnavailable(DataType type, Object value) {
        return switch (type.kind()) {
            case VARCHAR, TEXT, JSON -> OracleEngineProperties.UNAVAILABLE_VALUE_PLACEHOLDER.equals(value);
            case BYTES -> Arrays.equals(UNAVAILABLE_BYTES, bytes(value));
            default -> false;
        };
    }

    private static Object plain(DataType type, boolean yearToMonth, Schema schema, Object value) {
        String name = schema.name() == null ? "" : schema.name();
        return switch (name) {
            case "" -> value instanceof ByteBuffer ? bytes(value) : value;
            case Decimal.LOGICAL_NAME -> (BigDecimal) value;
            case VariableScaleDecimal.LOGICAL_NAME -> VariableScaleDecimal.toLogical((Struct) value).getDecimalValue()
                    .orElseThrow(() -> new IllegalArgumentException("the NUMBER value " + value + " is not a number a " + type + " can hold"));
            case IsoTimestamp.SCHEMA_NAME -> OffsetDateTime.parse((String) value).toLocalDateTime();
            case ZonedTimestamp.SCHEMA_NAME -> OffsetDateTime.parse((String) value);
            case Interval.SCHEMA_NAME -> interval((String) value, yearToMonth);
            default -> throw new IllegalArgumentException("a value of Debezium type " + name + " cannot be a " + type + " value; the engine's "
                    + "value properties (" + String.join(", ", OracleEngineProperties.VALUE_PROPERTIES.keySet()) + ") must keep the source's settings");
        };
    }

    /**
     * A NUMBER keeps no trailing zeros and ojdbc gives it a scale of at least 0 ({@code 1E+30} reads as
     * 1000...0), while LogMiner's text may carry either; an unbounded DECIMAL has no scale to set, so
     * the stream's value takes the driver's form.
     */
    private static BigDecimal oracleNumberForm(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        return value instanceof byte[] bytes ? bytes : null;
    }

    /** Debezium's {@code P1Y2M0DT0H0M0S} as the snapshot's {@code P1Y2M}, or its {@code P0Y0M1DT2H3M4.5S} as {@code P1DT2H3M4.5S}. */
    private static String interval(String text, boolean yearToMonth) {
        Matcher parts = INTERVAL.matcher(text);
        if (!parts.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an interval as Debezium writes one");
        }
        if (yearToMonth) {
            return OracleValues.isoText(Period.of(Integer.parseInt(parts.group(1)), Integer.parseInt(parts.group(2)), 0));
        }
        BigDecimal seconds = new BigDecimal(parts.group(6))
                .add(BigDecimal.valueOf(Long.parseLong(parts.group(5)) * SECONDS_PER_MINUTE))
                .add(BigDecimal.valueOf(Long.parseLong(parts.group(4)) * SECONDS_PER_HOUR))
                .add(BigDecimal.valueOf(Long.parseLong(parts.group(3)) * SECONDS_PER_DAY));
        BigDecimal[] wholeAndFraction = seconds.divideAndRemainder(BigDecimal.ONE);
        return OracleValues.isoText(Duration.ofSeconds(wholeAndFraction[0].longValueExact(), wholeAndFraction[1].movePointRight(9).longValueExact()));
    }
}
