package io.tributary.source.oracle.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import io.tributary.source.oracle.catalog.OracleTypes.ColumnDescription;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OracleTypesTest {
    /**
     * Rows as ALL_TAB_COLUMNS shows them on an AL32UTF8 database (NCHAR in AL16UTF16): DATA_TYPE,
     * DATA_LENGTH, DATA_PRECISION, DATA_SCALE, CHAR_LENGTH, and the type the column should have.
     */
    static Stream<Arguments> catalogRows() {
        return Stream.of(
                row("NUMBER", 22, null, null, 0, DataType.of(TypeKind.DECIMAL)),
                row("NUMBER", 22, 10, 2, 0, DataType.decimal(10, 2)),
                row("NUMBER", 22, 38, 10, 0, DataType.decimal(38, 10)),
                // INTEGER / SMALLINT / NUMBER(*,0)
                row("NUMBER", 22, null, 0, 0, DataType.decimal(38, 0)),
                // NUMBER(*,3)
                row("NUMBER", 22, null, 3, 0, DataType.decimal(38, 3)),
                // NUMBER(2,5) holds 0.00012 at most: five fractional digits
                row("NUMBER", 22, 2, 5, 0, DataType.decimal(5, 5)),
                // FLOAT(126) (DOUBLE PRECISION), FLOAT(63) (REAL), FLOAT(1)
                row("FLOAT", 22, 126, null, 0, DataType.of(TypeKind.DECIMAL)),
                row("FLOAT", 22, 63, null, 0, DataType.of(TypeKind.DECIMAL)),
                row("FLOAT", 22, 1, null, 0, DataType.of(TypeKind.DECIMAL)),
                row("BINARY_FLOAT", 4, null, null, 0, DataType.of(TypeKind.FLOAT)),
                row("BINARY_DOUBLE", 8, null, null, 0, DataType.of(TypeKind.DOUBLE)),
                // CHAR(10 CHAR), CHAR(10 BYTE), NCHAR(5)
                row("CHAR", 40, null, null, 10, DataType.withLength(TypeKind.CHAR, 10)),
                row("CHAR", 10, null, null, 10, DataType.withLength(TypeKind.CHAR, 10)),
                row("NCHAR", 10, null, null, 5, DataType.withLength(TypeKind.CHAR, 5)),
                // VARCHAR2(50 CHAR), VARCHAR2(100 BYTE), NVARCHAR2(30)
                row("VARCHAR2", 200, null, null, 50, DataType.withLength(TypeKind.VARCHAR, 50)),
                row("VARCHAR2", 100, null, null, 100, DataType.withLength(TypeKind.VARCHAR, 100)),
                row("NVARCHAR2", 60, null, null, 30, DataType.withLength(TypeKind.VARCHAR, 30)),
                row("CLOB", 4000, null, null, 0, DataType.of(TypeKind.TEXT)),
                row("NCLOB", 4000, null, null, 0, DataType.of(TypeKind.TEXT)),
                row("BLOB", 4000, null, null, 0, DataType.of(TypeKind.BYTES)),
                row("RAW", 16, null, null, 0, DataType.withLength(TypeKind.BYTES, 16)),
                row("DATE", 7, null, null, 0, DataType.temporal(TypeKind.TIMESTAMP, 0)),
                row("TIMESTAMP(0)", 7, null, 0, 0, DataType.temporal(TypeKind.TIMESTAMP, 0)),
                row("TIMESTAMP(6)", 11, null, 6, 0, DataType.temporal(TypeKind.TIMESTAMP, 6)),
                row("TIMESTAMP(9)", 11, null, 9, 0, DataType.temporal(TypeKind.TIMESTAMP, 9)),
                row("TIMESTAMP(3) WITH TIME ZONE", 13, null, 3, 0, DataType.temporal(TypeKind.TIMESTAMP_TZ, 3)),
                row("TIMESTAMP(6) WITH TIME ZONE", 13, null, 6, 0, DataType.temporal(TypeKind.TIMESTAMP_TZ, 6)),
                row("TIMESTAMP(9) WITH LOCAL TIME ZONE", 11, null, 9, 0, DataType.temporal(TypeKind.TIMESTAMP_TZ, 9)),
                row("INTERVAL YEAR(2) TO MONTH", 5, 2, 0, 0, DataType.of(TypeKind.VARCHAR)),
                row("INTERVAL YEAR(9) TO MONTH", 5, 9, 0, 0, DataType.of(TypeKind.VARCHAR)),
                row("INTERVAL DAY(2) TO SECOND(6)", 11, 2, 6, 0, DataType.of(TypeKind.VARCHAR)),
                row("INTERVAL DAY(9) TO SECOND(0)", 11, 9, 0, 0, DataType.of(TypeKind.VARCHAR)),
                row("ROWID", 10, null, null, 0, DataType.withLength(TypeKind.VARCHAR, 18)),
                row("UROWID", 4000, null, null, 0, DataType.of(TypeKind.VARCHAR)),
                row("BOOLEAN", 1, null, null, 0, DataType.of(TypeKind.BOOLEAN)),
                row("JSON", 8200, null, null, 0, DataType.of(TypeKind.JSON)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogRows")
    void mapsEachCatalogRow(ColumnDescription column, DataType expected) {
        assertThat(OracleTypes.map(column)).contains(expected);
    }

    /** NUMBER(p) and NUMBER(p,-s) hold integers of p+s digits: the narrowest integer kind that holds them all. */
    static Stream<Arguments> integerNumbers() {
        return Stream.of(
                number(1, 0, DataType.of(TypeKind.SMALLINT)),
                number(4, 0, DataType.of(TypeKind.SMALLINT)),
                number(5, 0, DataType.of(TypeKind.INTEGER)),
                number(9, 0, DataType.of(TypeKind.INTEGER)),
                number(10, 0, DataType.of(TypeKind.BIGINT)),
                number(18, 0, DataType.of(TypeKind.BIGINT)),
                number(19, 0, DataType.decimal(19, 0)),
                number(38, 0, DataType.decimal(38, 0)),
                // NUMBER(2,-2) holds up to 9,900: four digits
                number(2, -2, DataType.of(TypeKind.SMALLINT)),
                // NUMBER(5,-2) holds up to 9,999,900: seven digits
                number(5, -2, DataType.of(TypeKind.INTEGER)),
                number(8, -2, DataType.of(TypeKind.BIGINT)),
                number(17, -2, DataType.decimal(19, 0)),
                number(38, -84, DataType.decimal(122, 0)));
    }

    @ParameterizedTest(name = "NUMBER({0},{1})")
    @MethodSource("integerNumbers")
    void integerNumbersTakeTheNarrowestKindThatHoldsTheirDigits(int precision, int scale, DataType expected) {
        ColumnDescription column = new ColumnDescription("n", "NUMBER", 22, OptionalInt.of(precision), OptionalInt.of(scale), 0, true);
        assertThat(OracleTypes.map(column)).contains(expected);
    }

    /** The largest and smallest value each NUMBER(p,s) column can hold reach the target unchanged, in its kind's class. */
    @ParameterizedTest(name = "NUMBER({0},{1})")
    @MethodSource("integerNumbers")
    void theExtremeValuesOfANumberTypeFitItsKind(int precision, int scale, DataType mapped) throws Exception {
        ColumnDescription column = new ColumnDescription("n", "NUMBER", 22, OptionalInt.of(precision), OptionalInt.of(scale), 0, true);
        DataType type = OracleTypes.map(column).orElseThrow();
        assertThat(type).isEqualTo(mapped);
        // p nines, shifted left by -s places: what Oracle accepts at most
        BigDecimal largest = new BigDecimal(BigInteger.TEN.pow(precision).subtract(BigInteger.ONE), scale);
        for (BigDecimal extreme : List.of(largest, largest.negate())) {
            Object value = OracleValues.toModel(type, extreme);
            assertThat(value).isInstanceOf(type.kind().javaClass());
            assertThat(new BigDecimal(value.toString())).isEqualByComparingTo(extreme);
        }
    }

    @Test
    void nullableFollowsTheCatalog() {
        ColumnDescription required = new ColumnDescription("id", "NUMBER", 22, OptionalInt.of(10), OptionalInt.of(0), 0, false);
        ColumnDescription optional = new ColumnDescription("note", "VARCHAR2", 40, OptionalInt.empty(), OptionalInt.empty(), 40, true);
        assertThat(OracleTypes.map(required).orElseThrow().nullable()).isFalse();
        assertThat(OracleTypes.map(required).orElseThrow().kind()).isEqualTo(TypeKind.BIGINT);
        assertThat(OracleTypes.map(optional).orElseThrow().nullable()).isTrue();
    }

    @Test
    void dataTypeTextIsReadWhateverItsCase() {
        ColumnDescription lower = new ColumnDescription("t", "timestamp(3) with time zone", 13, OptionalInt.empty(), OptionalInt.of(3), 0, true);
        assertThat(OracleTypes.map(lower)).contains(DataType.temporal(TypeKind.TIMESTAMP_TZ, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LONG", "LONG RAW", "XMLTYPE", "BFILE", "VECTOR", "SDO_GEOMETRY", "ANYDATA", "UNDEFINED", "INTERVAL", "TIMESTAMP WITH ZONE"})
    void typesTheSourceCannotReadAreLeftOut(String dataType) {
        ColumnDescription column = new ColumnDescription("c", dataType, 4000, OptionalInt.empty(), OptionalInt.empty(), 0, true);
        assertThat(OracleTypes.map(column)).isEmpty();
    }

    @Test
    void theFailureForUnsupportedColumnsNamesThemAndWhatToDo() {
        var failure = OracleTypes.unsupported(List.of("HR.DOCS.BODY (LONG)", "HR.DOCS.SCAN (LONG RAW)"));
        assertThat(failure.code()).isEqualTo(ErrorCode.SOURCE_TYPE_UNSUPPORTED);
        assertThat(failure.code().isFatal()).isTrue();
        assertThat(failure.getMessage()).contains("HR.DOCS.BODY (LONG)", "HR.DOCS.SCAN (LONG RAW)", "MODIFY (column CLOB)", "tables.exclude");
    }

    private static Arguments row(String dataType, int dataLength, Integer precision, Integer scale, int charLength, DataType expected) {
        ColumnDescription column = new ColumnDescription("c", dataType, dataLength, precision == null ? OptionalInt.empty() : OptionalInt.of(precision),
                scale == null ? OptionalInt.empty() : OptionalInt.of(scale), charLength, true);
        return Arguments.of(column, expected);
    }

    private static Arguments number(int precision, int scale, DataType expected) {
        return Arguments.of(precision, scale, expected);
    }
}
