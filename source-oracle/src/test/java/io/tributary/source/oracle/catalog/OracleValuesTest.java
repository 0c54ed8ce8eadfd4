package io.tributary.source.oracle.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;
import oracle.sql.BINARY_DOUBLE;
import oracle.sql.BINARY_FLOAT;
import oracle.sql.DATE;
import oracle.sql.INTERVALDS;
import oracle.sql.INTERVALYM;
import oracle.sql.NUMBER;
import oracle.sql.RAW;
import oracle.sql.TIMESTAMP;
import oracle.sql.TIMESTAMPLTZ;
import oracle.sql.TIMESTAMPTZ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OracleValuesTest {
    private static final DataType VARCHAR = DataType.of(TypeKind.VARCHAR);

    @Test
    void integersBeyondALongStayExact() throws Exception {
        // NUMBER(38): a 38-digit key, as getBigDecimal returns it (scale 0)
        BigDecimal key = new BigDecimal("12345678901234567890123456789012345678");
        assertThat(OracleValues.toModel(DataType.decimal(38, 0), key)).isEqualTo(key);
        BigDecimal justPastLong = new BigDecimal("9223372036854775808");
        assertThat(OracleValues.toModel(DataType.decimal(19, 0), justPastLong)).isEqualTo(justPastLong);
        assertThat(OracleValues.toModel(DataType.decimal(19, 0), new NUMBER(justPastLong))).isEqualTo(justPastLong);
    }

    @Test
    void integerKindsGetTheirJavaClass() throws Exception {
        assertThat(OracleValues.toModel(DataType.of(TypeKind.SMALLINT), new BigDecimal("-9999"))).isEqualTo((short) -9999);
        assertThat(OracleValues.toModel(DataType.of(TypeKind.INTEGER), new BigDecimal("999999999"))).isEqualTo(999_999_999);
        assertThat(OracleValues.toModel(DataType.of(TypeKind.BIGINT), new BigDecimal("999999999999999999"))).isEqualTo(999_999_999_999_999_999L);
        // NUMBER(5,-2): Oracle gives 1234500 with a negative scale
        assertThat(OracleValues.toModel(DataType.of(TypeKind.INTEGER), new BigDecimal("1.2345E+6"))).isEqualTo(1_234_500);
    }

    @Test
    void anIntegerThatDoesNotFitItsKindFailsInsteadOfWrapping() {
        assertThatThrownBy(() -> OracleValues.toModel(DataType.of(TypeKind.SMALLINT), new BigDecimal("40000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40000");
        assertThatThrownBy(() -> OracleValues.toModel(DataType.of(TypeKind.BIGINT), new BigDecimal("9223372036854775808")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OracleValues.toModel(DataType.of(TypeKind.INTEGER), new BigDecimal("1.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an integer");
    }

    @Test
    void decimalsCarryTheirColumnsScale() throws Exception {
        // NUMBER(10,2) holding 1.5: Oracle does not keep trailing zeros, the target's DECIMAL(10,2) shows 1.50
        assertThat(OracleValues.toModel(DataType.decimal(10, 2), new BigDecimal("1.5"))).hasToString("1.50");
        // an unbounded NUMBER keeps the digits it has
        assertThat(OracleValues.toModel(DataType.of(TypeKind.DECIMAL), new BigDecimal("0.000123"))).hasToString("0.000123");
        assertThat(OracleValues.toModel(DataType.of(TypeKind.DECIMAL), new NUMBER(new BigDecimal("-7.25")))).isEqualTo(new BigDecimal("-7.25"));
        assertThatThrownBy(() -> OracleValues.toModel(DataType.decimal(10, 2), new BigDecimal("1.234")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binaryDoublesKeepNotANumberAndTheInfinities() throws Exception {
        DataType binaryDouble = DataType.of(TypeKind.DOUBLE);
        assertThat((Double) OracleValues.toModel(binaryDouble, Double.NaN)).isNaN();
        assertThat(OracleValues.toModel(binaryDouble, Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(OracleValues.toModel(binaryDouble, new BINARY_DOUBLE(Double.NEGATIVE_INFINITY))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat((Double) OracleValues.toModel(binaryDouble, new BINARY_DOUBLE(Double.NaN))).isNaN();
        assertThat(OracleValues.toModel(binaryDouble, new BINARY_DOUBLE(0.1))).isEqualTo(0.1);

        DataType binaryFloat = DataType.of(TypeKind.FLOAT);
        assertThat((Float) OracleValues.toModel(binaryFloat, new BINARY_FLOAT(Float.NaN))).isNaN();
        assertThat(OracleValues.toModel(binaryFloat, Float.NEGATIVE_INFINITY)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(OracleValues.toModel(binaryFloat, new BINARY_FLOAT(1.17549435e-38f))).isEqualTo(1.17549435e-38f);
    }

    @ParameterizedTest(name = "INTERVAL DAY TO SECOND ''{0}''")
    @CsvSource({
            "1 2:3:4.5, P1DT2H3M4.5S",
            "-1 2:3:4.5, -P1DT2H3M4.5S",
            "0 0:0:0, PT0S",
            "3 0:0:0, P3D",
            "0 0:0:0.000000001, PT0.000000001S",
            "0 12:0:0, PT12H",
            "-0 0:0:0.5, -PT0.5S",
            "99 23:59:59.999999999, P99DT23H59M59.999999999S",
            "0 0:30:0, PT30M"})
    void dayToSecondIntervalsBecomeIsoDurations(String oracleText, String iso) throws Exception {
        INTERVALDS interval = new INTERVALDS(oracleText);
        Object value = OracleValues.toModel(VARCHAR, interval);
        assertThat(value).isEqualTo(iso);
        assertThat(Duration.parse((String) value)).as("a reader of the text gets the interval back").isEqualTo(interval.getDuration());
    }

    @ParameterizedTest(name = "INTERVAL YEAR TO MONTH ''{0}''")
    @CsvSource({
            "1-2, P1Y2M",
            "-1-2, -P1Y2M",
            "0-0, P0M",
            "0-5, P5M",
            "3-0, P3Y",
            "999999999-11, P999999999Y11M"})
    void yearToMonthIntervalsBecomeIsoPeriods(String oracleText, String iso) throws Exception {
        INTERVALYM interval = new INTERVALYM(oracleText);
        Object value = OracleValues.toModel(VARCHAR, interval);
        assertThat(value).isEqualTo(iso);
        assertThat(Period.parse((String) value).toTotalMonths()).isEqualTo(interval.getPeriod().toTotalMonths());
    }

    @Test
    void javaTimeIntervalsBecomeTheSameText() throws Exception {
        assertThat(OracleValues.toModel(VARCHAR, Duration.ofDays(1).plusHours(2).plusMinutes(3).plusMillis(4500))).isEqualTo("P1DT2H3M4.5S");
        assertThat(OracleValues.toModel(VARCHAR, Period.ofMonths(-14))).isEqualTo("-P1Y2M");
    }

    @Test
    void timestampWithTimeZoneFromItsThirteenByteFormIsNormalisedToUtc() throws Exception {
        // 2024-03-01 04:45:30.123456789 UTC, written at +05:30. Bytes 0-6: century+100, year+100, month,
        // day, hour+1, minute+1, second+1 of the UTC time; 7-10: nanoseconds big-endian; 11-12: offset
        // hours+20 and minutes+60.
        int nanos = 123_456_789;
        byte[] bytes = {(byte) 120, (byte) 124, 3, 1, 5, 46, 31, (byte) (nanos >>> 24), (byte) (nanos >>> 16), (byte) (nanos >>> 8), (byte) nanos,
                25, 90};
        Object value = OracleValues.toModel(DataType.temporal(TypeKind.TIMESTAMP_TZ, 9), new TIMESTAMPTZ(bytes));
        assertThat(value).isEqualTo(OffsetDateTime.of(2024, 3, 1, 4, 45, 30, nanos, ZoneOffset.UTC));
        assertThat(((OffsetDateTime) value).getOffset()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void timestampWithATimeZoneRegionNeedsNoConnection() throws Exception {
        // A region (not an offset) is stored as a region id; the driver's toOffsetDateTime() rejects it offline.
        TIMESTAMPTZ paris = new TIMESTAMPTZ(ZonedDateTime.parse("2024-07-01T12:15:30.5+02:00[Europe/Paris]"));
        Object value = OracleValues.toModel(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), new TIMESTAMPTZ(paris.toBytes()));
        assertThat(value).isEqualTo(OffsetDateTime.parse("2024-07-01T10:15:30.5Z"));
    }

    @Test
    void offsetAndZonedTimesAreNormalisedToUtc() throws Exception {
        DataType type = DataType.temporal(TypeKind.TIMESTAMP_TZ, 6);
        assertThat(OracleValues.toModel(type, OffsetDateTime.parse("2024-01-01T00:30:00+05:30"))).isEqualTo(OffsetDateTime.parse("2023-12-31T19:00:00Z"));
        assertThat(OracleValues.toModel(type, ZonedDateTime.parse("2024-01-01T00:30:00-08:00[America/Los_Angeles]")))
                .isEqualTo(OffsetDateTime.parse("2024-01-01T08:30:00Z"));
    }

    @Test
    void timestampWithLocalTimeZoneIsRefusedWithoutTheSessionZone() {
        TIMESTAMPLTZ local = new TIMESTAMPLTZ(new TIMESTAMP(LocalDateTime.parse("2024-01-01T00:00:00")).toBytes());
        assertThatThrownBy(() -> OracleValues.toModel(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), local))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OffsetDateTime.class");
    }

    @Test
    void datesAndTimestampsKeepTheirWallClockTime() throws Exception {
        DataType dateColumn = DataType.temporal(TypeKind.TIMESTAMP, 0);
        // an Oracle DATE holds a time of day
        assertThat(OracleValues.toModel(dateColumn, new DATE(LocalDateTime.parse("2024-03-31T02:30:15")))).isEqualTo(LocalDateTime.parse("2024-03-31T02:30:15"));
        DataType timestamp = DataType.temporal(TypeKind.TIMESTAMP, 9);
        assertThat(OracleValues.toModel(timestamp, new TIMESTAMP(LocalDateTime.parse("1999-12-31T23:59:59.999999999"))))
                .isEqualTo(LocalDateTime.parse("1999-12-31T23:59:59.999999999"));
        assertThat(OracleValues.toModel(timestamp, LocalDateTime.parse("0001-01-01T00:00:00"))).isEqualTo(LocalDateTime.parse("0001-01-01T00:00:00"));
    }

    @Test
    void lobsAreReadWhole() throws Exception {
        String text = "Grüße, 世界 ".repeat(1000);
        assertThat(OracleValues.toModel(DataType.of(TypeKind.TEXT), new SerialClob(text.toCharArray()))).isEqualTo(text);
        assertThat(OracleValues.toModel(DataType.of(TypeKind.TEXT), new SerialClob(new char[0]))).isEqualTo("");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat((byte[]) OracleValues.toModel(DataType.of(TypeKind.BYTES), new SerialBlob(bytes))).isEqualTo(bytes);
        assertThat((byte[]) OracleValues.toModel(DataType.of(TypeKind.BYTES), new SerialBlob(new byte[0]))).isEmpty();
    }

    @Test
    void rawValuesAreTheirBytes() throws Exception {
        byte[] guid = {0x12, 0x34, (byte) 0xab, (byte) 0xcd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        assertThat((byte[]) OracleValues.toModel(DataType.withLength(TypeKind.BYTES, 16), guid)).isEqualTo(guid);
        assertThat((byte[]) OracleValues.toModel(DataType.withLength(TypeKind.BYTES, 16), new RAW(guid))).isEqualTo(guid);
    }

    @ParameterizedTest
    @EnumSource(value = TypeKind.class, names = {"BOOLEAN", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL", "CHAR", "VARCHAR", "TEXT",
            "BYTES", "TIMESTAMP", "TIMESTAMP_TZ", "JSON"})
    void nullIsNullForEveryKind(TypeKind kind) throws Exception {
        assertThat(OracleValues.toModel(DataType.of(kind), null)).isNull();
    }

    @Test
    void aValueOfAnUnexpectedClassFailsAndSaysWhich() {
        assertThatThrownBy(() -> OracleValues.toModel(DataType.of(TypeKind.INTEGER), "12"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> OracleValues.toModel(DataType.of(TypeKind.DOUBLE), new BigDecimal("0.1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
