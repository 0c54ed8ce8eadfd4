package io.tributary.source.oracle.catalog;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import oracle.sql.BINARY_DOUBLE;
import oracle.sql.BINARY_FLOAT;
import oracle.sql.DATE;
import oracle.sql.INTERVALDS;
import oracle.sql.INTERVALYM;
import oracle.sql.NUMBER;
import oracle.sql.RAW;
import oracle.sql.ROWID;
import oracle.sql.TIMESTAMP;
import oracle.sql.TIMESTAMPLTZ;
import oracle.sql.TIMESTAMPTZ;

/**
 * Converts a value as ojdbc returns it into the Java class of its column's {@link TypeKind}, with
 * no connection: integers are checked to fit their kind, decimals get their declared scale,
 * {@link TIMESTAMPTZ}s and other instants are normalised to UTC, LOBs are read whole, and
 * intervals ({@link INTERVALYM}, {@link INTERVALDS}, {@link Period}, {@link Duration}) become
 * ISO-8601 text ({@code P1Y2M}, {@code -P1DT2H3M4.5S}: one leading sign, as
 * {@code Duration.parse} and {@code Period.parse} read it).
 *
 * <p>{@link TIMESTAMPLTZ} is refused: its instant depends on the session time zone, so it must be
 * read as {@code getObject(i, OffsetDateTime.class)}, which the driver converts on its connection.
 */
public final class OracleValues {
    private static final int MONTHS_PER_YEAR = 12;

    private OracleValues() {}

    /**
     * {@code value} as a value of {@code type}'s kind; null stays null.
     *
     * @throws IllegalArgumentException when the value has a class or range the kind cannot take
     * @throws SQLException when a LOB cannot be read
     */
    public static Object toModel(DataType type, Object value) throws SQLException {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case BOOLEAN -> as(Boolean.class, type, value);
            case SMALLINT -> integer(type, value, Short.MIN_VALUE, Short.MAX_VALUE).shortValueExact();
            case INTEGER -> integer(type, value, Integer.MIN_VALUE, Integer.MAX_VALUE).intValueExact();
            case BIGINT -> integer(type, value, Long.MIN_VALUE, Long.MAX_VALUE).longValueExact();
            case DECIMAL -> decimal(type, value);
            case FLOAT -> floatValue(type, value);
            case DOUBLE -> doubleValue(type, value);
            case CHAR, VARCHAR, TEXT, JSON -> text(type, value);
            case BYTES -> bytes(type, value);
            case TIMESTAMP -> localDateTime(type, value);
            case TIMESTAMP_TZ -> instant(type, value);
            default -> throw new IllegalArgumentException("the oracle source has no " + type.kind() + " columns");
        };
    }

    /** An INTERVAL YEAR TO MONTH as ISO-8601, e.g. {@code P1Y2M}, {@code -P3M}, {@code P0M}. */
    public static String isoText(Period period) {
        long months = period.toTotalMonths();
        long abs = Math.abs(months);
        StringBuilder text = new StringBuilder(months < 0 ? "-P" : "P");
        if (abs >= MONTHS_PER_YEAR) {
            text.append(abs / MONTHS_PER_YEAR).append('Y');
        }
        if (abs % MONTHS_PER_YEAR != 0 || abs == 0) {
            text.append(abs % MONTHS_PER_YEAR).append('M');
        }
        return text.toString();
    }

    /** An INTERVAL DAY TO SECOND as ISO-8601, e.g. {@code P1DT2H3M4.5S}, {@code P3D}, {@code -PT0.5S}, {@code PT0S}. */
    public static String isoText(Duration duration) {
        Duration abs = duration.abs();
        long days = abs.toDays();
        long hours = abs.toHoursPart();
        long minutes = abs.toMinutesPart();
        BigDecimal seconds = BigDecimal.valueOf(abs.toSecondsPart()).add(BigDecimal.valueOf(abs.getNano(), 9)).stripTrailingZeros();
        StringBuilder text = new StringBuilder(duration.isNegative() ? "-P" : "P");
        if (days != 0) {
            text.append(days).append('D');
        }
        boolean timeOfDay = hours != 0 || minutes != 0 || seconds.signum() != 0;
        if (timeOfDay || days == 0) {
            text.append('T');
            if (hours != 0) {
                text.append(hours).append('H');
            }
            if (minutes != 0) {
                text.append(minutes).append('M');
            }
            if (seconds.signum() != 0 || !timeOfDay) {
                text.append(seconds.toPlainString()).append('S');
            }
        }
        return text.toString();
    }

    private static BigInteger integer(DataType type, Object value, long min, long max) throws SQLException {
        BigDecimal number = decimalOf(type, value);
        BigInteger integer;
        try {
            integer = number.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(number.toPlainString() + " is not an integer, so it is no " + type, e);
        }
        if (integer.compareTo(BigInteger.valueOf(min)) < 0 || integer.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(integer + " is out of the range of " + type);
        }
        return integer;
    }

    /** The value with the declared scale (exactly: Oracle never stores more digits than the column declares). */
    private static BigDecimal decimal(DataType type, Object value) throws SQLException {
        BigDecimal number = decimalOf(type, value);
        if (type.scale().isEmpty()) {
            return number;
        }
        try {
            return number.setScale(type.scale().getAsInt(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(number.toPlainString() + " has more fractional digits than " + type, e);
        }
    }

    private static BigDecimal decimalOf(DataType type, Object value) throws SQLException {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof NUMBER n) {
            return n.bigDecimalValue();
        }
        throw unexpected(type, value);
    }

    private static Float floatValue(DataType type, Object value) throws SQLException {
        if (value instanceof Float f) {
            return f;
        }
        if (value instanceof BINARY_FLOAT f) {
            return f.floatValue();
        }
        throw unexpected(type, value);
    }

    private static Double doubleValue(DataType type, Object value) throws SQLException {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof BINARY_DOUBLE d) {
            return d.doubleValue();
        }
        throw unexpected(type, value);
    }

    private static String text(DataType type, Object value) throws SQLException {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Clob clob) {
            return clob.length() == 0 ? "" : clob.getSubString(1, lobLength(type, clob.length()));
        }
        if (value instanceof INTERVALYM interval) {
            return isoText(interval.getPeriod());
        }
        if (value instanceof INTERVALDS interval) {
            return isoText(interval.getDuration());
        }
        if (value instanceof Period period) {
            return isoText(period);
        }
        if (value instanceof Duration duration) {
            return isoText(duration);
        }
        if (value instanceof ROWID rowId) {
            return rowId.stringValue();
        }
        if (value instanceof RowId rowId) {
            return rowId.toString();
        }
        throw unexpected(type, value);
    }

    private static byte[] bytes(DataType type, Object value) throws SQLException {
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof Blob blob) {
            return blob.length() == 0 ? new byte[0] : blob.getBytes(1, lobLength(type, blob.length()));
        }
        if (value instanceof RAW raw) {
            return raw.getBytes();
        }
        throw unexpected(type, value);
    }

    private static LocalDateTime localDateTime(DataType type, Object value) throws SQLException {
        if (value instanceof LocalDateTime t) {
            return t;
        }
        if (value instanceof TIMESTAMP t) {
            return t.toLocalDateTime();
        }
        if (value instanceof DATE d) {
            return d.toLocalDateTime();
        }
        if (value instanceof Timestamp t) {
            // fields as the driver set them in the JVM's zone: a time in that zone's DST gap may have moved
            return t.toLocalDateTime();
        }
        throw unexpected(type, value);
    }

    private static OffsetDateTime instant(DataType type, Object value) throws SQLException {
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof ZonedDateTime t) {
            return t.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof Instant t) {
            return t.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof TIMESTAMPTZ t) {
            // toOffsetDateTime() fails on a region (Europe/Paris) without a connection; toZonedDateTime() does not.
            return t.toZonedDateTime().toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof TIMESTAMPLTZ) {
            throw new IllegalArgumentException("a TIMESTAMP WITH LOCAL TIME ZONE needs the session time zone: "
                    + "read it with getObject(index, OffsetDateTime.class)");
        }
        throw unexpected(type, value);
    }

    private static <T> T as(Class<T> javaClass, DataType type, Object value) {
        if (!javaClass.isInstance(value)) {
            throw unexpected(type, value);
        }
        return javaClass.cast(value);
    }

    private static int lobLength(DataType type, long length) {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a LOB of " + length + " bytes or characters is too large for one " + type + " value");
        }
        return (int) length;
    }

    private static IllegalArgumentException unexpected(DataType type, Object value) {
        return new IllegalArgumentException("a " + value.getClass().getName() + " cannot be a " + type + " value");
    }
}
