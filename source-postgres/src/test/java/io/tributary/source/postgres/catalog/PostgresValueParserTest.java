package io.tributary.source.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresValueParserTest {
    @Test
    void parsesTimestampsWithTimeZoneToUtcWhateverTheSessionOffset() {
        assertThat(parse(TypeKind.TIMESTAMP_TZ, "2024-01-02 03:04:05.123+05:30")).isEqualTo(OffsetDateTime.of(2024, 1, 1, 21, 34, 5, 123_000_000, ZoneOffset.UTC));
        assertThat(parse(TypeKind.TIMESTAMP_TZ, "2024-06-30 23:00:00-07")).isEqualTo(OffsetDateTime.of(2024, 7, 1, 6, 0, 0, 0, ZoneOffset.UTC));
        assertThat(parse(TypeKind.TIMESTAMP_TZ, "1890-01-01 00:00:00+00:53:28")).isEqualTo(OffsetDateTime.of(1889, 12, 31, 23, 6, 32, 0, ZoneOffset.UTC));
        assertThat(parse(TypeKind.TIMESTAMP_TZ, "0001-01-01 00:00:00+00 BC")).isEqualTo(OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void mapsSpecialValuesAsDocumented() {
        assertThat(parse(TypeKind.DATE, "infinity")).isEqualTo(LocalDate.MAX);
        assertThat(parse(TypeKind.DATE, "-infinity")).isEqualTo(LocalDate.MIN);
        assertThat(parse(TypeKind.DATE, "0044-03-15 BC")).isEqualTo(LocalDate.of(-43, 3, 15));
        assertThat(parse(TypeKind.DATE, "12345-01-01")).isEqualTo(LocalDate.of(12345, 1, 1));
        assertThat(parse(TypeKind.TIMESTAMP, "infinity")).isEqualTo(LocalDateTime.MAX);
        assertThat(parse(TypeKind.TIMESTAMP_TZ, "-infinity")).isEqualTo(LocalDateTime.MIN.atOffset(ZoneOffset.UTC));
        assertThat(parse(TypeKind.TIME, "24:00:00")).isEqualTo(LocalTime.MAX);
        assertThat(parse(TypeKind.TIME, "12:00:00.5")).isEqualTo(LocalTime.of(12, 0, 0, 500_000_000));
        assertThat(parse(TypeKind.DOUBLE, "NaN")).isEqualTo(Double.NaN);
        assertThat(parse(TypeKind.FLOAT, "-Infinity")).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> parse(TypeKind.DECIMAL, "NaN")).hasMessageContaining("has no exact DECIMAL value");
        assertThatThrownBy(() -> parse(TypeKind.DECIMAL, "-Infinity")).hasMessageContaining("has no exact DECIMAL value");
        assertThat(parse(TypeKind.DECIMAL, "-12.3400")).isEqualTo(new BigDecimal("-12.3400"));
    }

    @Test
    void parsesByteaInHexAndEscapeFormats() {
        assertThat((byte[]) parse(TypeKind.BYTES, "\\x00ff10")).containsExactly(0, 0xff, 0x10);
        assertThat((byte[]) parse(TypeKind.BYTES, "a\\\\b\\001")).containsExactly('a', '\\', 'b', 1);
    }

    @Test
    void parsesOneDimensionalArraysWithQuotingAndNulls() {
        DataType texts = DataType.arrayOf(DataType.of(TypeKind.TEXT));

        assertThat(PostgresValueParser.parse(texts, "{\"a b\",NULL,\"x\\\"y\",\"NULL\",\"\",plain}"))
                .isEqualTo(Arrays.asList("a b", null, "x\"y", "NULL", "", "plain"));
        assertThat(PostgresValueParser.parse(texts, "{}")).isEqualTo(List.of());
        assertThat(PostgresValueParser.parse(DataType.arrayOf(DataType.of(TypeKind.INTEGER)), "[0:2]={1,2,3}")).isEqualTo(List.of(1, 2, 3));
        assertThat(PostgresValueParser.parse(DataType.arrayOf(DataType.of(TypeKind.UUID)), "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"))
                .isEqualTo(List.of(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
        assertThatThrownBy(() -> PostgresValueParser.parse(DataType.arrayOf(DataType.of(TypeKind.INTEGER)), "{{1,2},{3,4}}"))
                .hasMessageContaining("multi-dimensional");
    }

    @Test
    void formatterWritesWhatTheParserReads() {
        Object[] values = {(short) -3, 42, Long.MIN_VALUE, 1.5f, Double.NaN, new BigDecimal("-1.2300"), "t'x", true,
            UUID.fromString("ffffffff-0000-0000-0000-000000000001"), LocalDate.of(-43, 3, 15), LocalDate.MAX, LocalTime.of(1, 2, 3, 4000),
            LocalTime.MAX, LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000), LocalDateTime.MIN, OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0,
                    ZoneOffset.UTC), LocalDateTime.MAX.atOffset(ZoneOffset.UTC)};
        TypeKind[] kinds = {TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT, TypeKind.FLOAT, TypeKind.DOUBLE, TypeKind.DECIMAL, TypeKind.TEXT,
            TypeKind.BOOLEAN, TypeKind.UUID, TypeKind.DATE, TypeKind.DATE, TypeKind.TIME, TypeKind.TIME, TypeKind.TIMESTAMP, TypeKind.TIMESTAMP,
            TypeKind.TIMESTAMP_TZ, TypeKind.TIMESTAMP_TZ};
        for (int i = 0; i < values.length; i++) {
            String text = PostgresValueFormatter.format(values[i]);
            Object parsed = kinds[i] == TypeKind.BOOLEAN ? Boolean.valueOf(text) : parse(kinds[i], text);
            assertThat(parsed).as("%s as '%s'", values[i], text).isEqualTo(values[i]);
        }
        assertThat((byte[]) parse(TypeKind.BYTES, PostgresValueFormatter.format(new byte[] {0, -1, 16}))).containsExactly(0, -1, 16);
    }

    private static Object parse(TypeKind kind, String text) {
        return PostgresValueParser.parse(DataType.of(kind), text);
    }
}
