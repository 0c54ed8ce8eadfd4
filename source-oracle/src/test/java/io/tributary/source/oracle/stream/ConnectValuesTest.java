package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.source.oracle.catalog.OracleTypes;
import io.tributary.source.oracle.catalog.OracleTypes.ColumnDescription;
import io.tributary.source.oracle.catalog.OracleValues;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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
import oracle.sql.TIMESTAMPTZ;
import org.junit.jupiter.api.Test;

/**
 * For each Oracle type: the value the stream decodes from a record the connector makes of the redo
 * SQL's text equals the value the snapshot reads for the same Oracle value through
 * {@link OracleValues#toModel}, in the Java class of the column's kind.
 */
class ConnectValuesTest {
    private static final ColumnDescription ID = new ColumnDescription("ID", "NUMBER", 22, OptionalInt.of(9), OptionalInt.of(0), 0, false);

    @Test
    void integerNumbersOfEachWidth() throws Exception {
        assertSameValue("NUMBER(2)", number(2, 0), "99", new NUMBER(99));
        assertSameValue("NUMBER(4)", number(4, 0), "-9999", new NUMBER(-9999));
        assertSameValue("NUMBER(9)", number(9, 0), "999999999", new NUMBER(999_999_999));
        assertSameValue("NUMBER(18)", number(18, 0), "-999999999999999999", new NUMBER(-999_999_999_999_999_999L));
        assertSameValue("NUMBER(5,-2)", number(5, -2), "1234500", new NUMBER(1_234_500));
        assertSameValue("NUMBER(20)", number(20, 0), "12345678901234567890", new NUMBER(new BigDecimal("12345678901234567890")));
        assertSameValue("NUMBER(38)", number(38, 0), "12345678901234567890123456789012345678",
                new NUMBER(new BigDecimal("12345678901234567890123456789012345678")));
        assertSameValue("INTEGER", new ColumnDescription("VAL", "NUMBER", 22, OptionalInt.empty(), OptionalInt.of(0), 0, true), "77", new NUMBER(77));
    }

    @Test
    void decimalNumbersKeepTheColumnsScale() throws Exception {
        assertSameValue("NUMBER(10,2)", number(10, 2), "1.5", new NUMBER(new BigDecimal("1.5")));
        assertSameValue("NUMBER(10,2)", number(10, 2), "-0.01", new NUMBER(new BigDecimal("-0.01")));
        assertSameValue("NUMBER(2,5)", number(2, 5), ".00012", new NUMBER(new BigDecimal("0.00012")));
    }

    @Test
    void numbersWithoutPrecisionAndFloatsAreVariableScaleDecimals() throws Exception {
        ColumnDescription unbounded = new ColumnDescription("VAL", "NUMBER", 22, OptionalInt.empty(), OptionalInt.empty(), 0, true);
        assertSameValue("NUMBER", unbounded, "0.000123", new NUMBER(new BigDecimal("0.000123")));
        assertSameValue("NUMBER", unbounded, "-7.25", new NUMBER(new BigDecimal("-7.25")));
        assertSameValue("NUMBER", unbounded, "1000000000000000000000000000000", new NUMBER(new BigDecimal("1E+30")));
        // the text may carry an exponent or trailing zeros; a NUMBER keeps neither
        assertSameValue("NUMBER", unbounded, "1E+30", new NUMBER(new BigDecimal("1E+30")));
        assertSameValue("NUMBER", unbounded, "1.50", new NUMBER(new BigDecimal("1.5")));
        ColumnDescription float126 = new ColumnDescription("VAL", "FLOAT", 22, OptionalInt.of(126), OptionalInt.empty(), 0, true);
        assertSameValue("FLOAT(126)", float126, "0.1", new NUMBER(new BigDecimal("0.1")));
        assertSameValue("FLOAT(126)", float126, "12345678901234567890.123456789", new NUMBER(new BigDecimal("12345678901234567890.123456789")));
    }

    @Test
    void binaryFloatsAndDoublesIncludingNotANumberAndTheInfinities() throws Exception {
        ColumnDescription binaryFloat = simple("BINARY_FLOAT", 4);
        ColumnDescription binaryDouble = simple("BINARY_DOUBLE", 8);
        assertSameValue("BINARY_FLOAT", binaryFloat, "1.1", new BINARY_FLOAT(1.1f));
        assertSameValue("BINARY_DOUBLE", binaryDouble, "2.22", new BINARY_DOUBLE(2.22));
        // special values given to the converter as the driver's objects, a form it converts as it does the text
        for (float special : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            assertSameValue("BINARY_FLOAT", binaryFloat, new BINARY_FLOAT(special), new BINARY_FLOAT(special));
        }
        for (double special : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertSameValue("BINARY_DOUBLE", binaryDouble, new BINARY_DOUBLE(special), new BINARY_DOUBLE(special));
        }
    }

    @Test
    void characterTypes() throws Exception {
        assertSameValue("CHAR(3)", characters("CHAR", 3), "ab ", "ab ");
        assertSameValue("NCHAR(3)", characters("NCHAR", 3), "日本 ", "日本 ");
        assertSameValue("VARCHAR2(20)", characters("VARCHAR2", 20), "héllo wörld", "héllo wörld");
        assertSameValue("NVARCHAR2(10)", characters("NVARCHAR2", 10), "日本語", "日本語");
    }

    @Test
    void lobsAndRaw() throws Exception {
        String text = "a CLOB of some length ".repeat(50);
        assertSameValue("CLOB", simple("CLOB", 4000), text, new SerialClob(text.toCharArray()));
        assertSameValue("NCLOB", simple("NCLOB", 4000), "日本語", new SerialClob("日本語".toCharArray()));
        byte[] bytes = {1, 2, (byte) 0xff, 0};
        assertSameValue("BLOB", simple("BLOB", 4000), "HEXTORAW('0102FF00')", new SerialBlob(bytes));
        assertSameValue("RAW(16)", simple("RAW", 16), "HEXTORAW('0102FF00')", new RAW(bytes));
    }

    @Test
    void datesAndTimestampsToTheNanosecond() throws Exception {
        assertSameValue("DATE", simple("DATE", 7), "TO_DATE('2024-03-31 02:30:15', 'YYYY-MM-DD HH24:MI:SS')",
                new DATE(LocalDateTime.parse("2024-03-31T02:30:15")));
        assertSameValue("TIMESTAMP", simple("TIMESTAMP(6)", 11), "TO_TIMESTAMP('2018-03-27 12:34:56.007891')",
                new TIMESTAMP(LocalDateTime.parse("2018-03-27T12:34:56.007891")));
        assertSameValue("TIMESTAMP(9)", simple("TIMESTAMP(9)", 11), "TO_TIMESTAMP('1999-12-31 23:59:59.999999999')",
                new TIMESTAMP(LocalDateTime.parse("1999-12-31T23:59:59.999999999")));
        // beyond 2262, where epoch nanoseconds (time.precision.mode=adaptive) would overflow
        assertSameValue("TIMESTAMP(9)", simple("TIMESTAMP(9)", 11), "TO_TIMESTAMP('2500-01-01 00:00:00.000000001')",
                new TIMESTAMP(LocalDateTime.parse("2500-01-01T00:00:00.000000001")));
    }

    @Test
    void timestampsWithTimeZonesAreInstantsInUtc() throws Exception {
        assertSameValue("TIMESTAMP(3) WITH TIME ZONE", simple("TIMESTAMP(3) WITH TIME ZONE", 13),
                "TO_TIMESTAMP_TZ('2018-03-27 01:34:56.007 -11:00')", new TIMESTAMPTZ(ZonedDateTime.parse("2018-03-27T01:34:56.007-11:00")));
        assertSameValue("TIMESTAMP(9) WITH TIME ZONE", simple("TIMESTAMP(9) WITH TIME ZONE", 13),
                "TO_TIMESTAMP_TZ('2024-07-01 12:15:30.123456789 +02:00')",
                new TIMESTAMPTZ(ZonedDateTime.parse("2024-07-01T12:15:30.123456789+02:00[Europe/Paris]")));
        // the snapshot reads WITH LOCAL TIME ZONE as getObject(i, OffsetDateTime.class)
        assertSameValue("TIMESTAMP WITH LOCAL TIME ZONE", simple("TIMESTAMP(6) WITH LOCAL TIME ZONE", 11),
                "TO_TIMESTAMP_TZ('2024-01-01 00:00:00.5 +01:00')", OffsetDateTime.parse("2024-01-01T00:00:00.5+01:00"));
    }

    @Test
    void intervalsAreIsoText() throws Exception {
        ColumnDescription yearToMonth = simple("INTERVAL YEAR(2) TO MONTH", 5);
        assertSameValue("INTERVAL YEAR TO MONTH", yearToMonth, "TO_YMINTERVAL('-03-06')", new INTERVALYM("-3-6"));
        assertSameValue("INTERVAL YEAR TO MONTH", yearToMonth, "TO_YMINTERVAL('+01-02')", new INTERVALYM("1-2"));
        assertSameValue("INTERVAL YEAR TO MONTH", yearToMonth, "TO_YMINTERVAL('+00-00')", new INTERVALYM("0-0"));
        ColumnDescription dayToSecond = simple("INTERVAL DAY(3) TO SECOND(2)", 11);
        assertSameValue("INTERVAL DAY(3) TO SECOND(2)", dayToSecond, "TO_DSINTERVAL('-001 02:03:04.56')", new INTERVALDS("-1 2:3:4.56"));
        assertSameValue("INTERVAL DAY(3) TO SECOND(2)", dayToSecond, "TO_DSINTERVAL('+003 00:00:00.00')", new INTERVALDS("3 0:0:0"));
        assertSameValue("INTERVAL DAY(3) TO SECOND(2)", dayToSecond, "TO_DSINTERVAL('+000 00:00:00.00')", new INTERVALDS("0 0:0:0"));
        ColumnDescription micros = simple("INTERVAL DAY(2) TO SECOND(6)", 11);
        assertSameValue("INTERVAL DAY TO SECOND(6)", micros, "TO_DSINTERVAL('-00 00:00:00.000001')", new INTERVALDS("-0 0:0:0.000001"));
        assertSameValue("INTERVAL DAY TO SECOND(6)", micros, "TO_DSINTERVAL('+99 23:59:59.999999')", new INTERVALDS("99 23:59:59.999999"));
    }

    /** Inserts {@code logMinerValue} into column VAL of type {@code ddlType} and compares what the stream decodes with the snapshot's value. */
    private static void assertSameValue(String ddlType, ColumnDescription column, Object logMinerValue, Object jdbcValue) throws Exception {
        OracleChangeRecords records = OracleChangeRecords.of("CREATE TABLE APP.T (ID NUMBER(9) NOT NULL, VAL " + ddlType + ", PRIMARY KEY (ID))");
        StreamTable table = StreamTable.of(List.of(ID, column), List.of("ID"));
        DataChangeEvent event = (DataChangeEvent) new ChangeRecordDecoder(id -> Optional.of(table))
                .decode(records.insert(records.row("1", logMinerValue))).event().orElseThrow();
        DataType type = OracleTypes.map(column).orElseThrow();

        Object streamed = event.after().orElseThrow()[1];
        Object snapshot = OracleValues.toModel(type, jdbcValue);

        assertThat(streamed).as("%s %s", ddlType, logMinerValue).isInstanceOf(type.kind().javaClass()).isEqualTo(snapshot);
    }

    private static ColumnDescription number(int precision, int scale) {
        return new ColumnDescription("VAL", "NUMBER", 22, OptionalInt.of(precision), OptionalInt.of(scale), 0, true);
    }

    private static ColumnDescription characters(String dataType, int length) {
        return new ColumnDescription("VAL", dataType, length * 4, OptionalInt.empty(), OptionalInt.empty(), length, true);
    }

    private static ColumnDescription simple(String dataType, int dataLength) {
        return new ColumnDescription("VAL", dataType, dataLength, OptionalInt.empty(), OptionalInt.empty(), 0, true);
    }
}
