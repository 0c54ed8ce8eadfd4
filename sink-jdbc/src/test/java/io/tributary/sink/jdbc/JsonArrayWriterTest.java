package io.tributary.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonArrayWriterTest {
    @Test
    void writesArraysOfEveryElementKindAsJson() {
        assertThat(JsonArrayWriter.of(Arrays.asList(1, null, 3), DataType.of(TypeKind.INTEGER))).isEqualTo("[1,null,3]");
        assertThat(JsonArrayWriter.of(List.of("a\"b", "c\\d\n"), DataType.of(TypeKind.TEXT))).isEqualTo("[\"a\\\"b\",\"c\\\\d\\n\"]");
        assertThat(JsonArrayWriter.of(List.of(new BigDecimal("1E+3")), DataType.of(TypeKind.DECIMAL))).isEqualTo("[1000]");
        assertThat(JsonArrayWriter.of(List.of(Double.NaN, 1.5), DataType.of(TypeKind.DOUBLE))).isEqualTo("[\"NaN\",1.5]");
        assertThat(JsonArrayWriter.of(List.of(new byte[] {1, 2}), DataType.of(TypeKind.BYTES))).isEqualTo("[\"AQI=\"]");
        assertThat(JsonArrayWriter.of(List.of(OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2))), DataType.of(TypeKind.TIMESTAMP_TZ)))
                .isEqualTo("[\"2024-01-01T10:00Z\"]");
        assertThat(JsonArrayWriter.of(List.of("{\"a\":1}"), DataType.of(TypeKind.JSON))).isEqualTo("[{\"a\":1}]");
        assertThat(JsonArrayWriter.of(List.of(List.of(1), List.of()), DataType.arrayOf(DataType.of(TypeKind.INTEGER)))).isEqualTo("[[1],[]]");
        assertThat(JsonArrayWriter.of(List.of(), DataType.of(TypeKind.INTEGER))).isEqualTo("[]");
    }

    @Test
    void writesNumbersAsJavaPrintsThemAndNonNumbersAsStrings() {
        assertThat(JsonArrayWriter.of(List.of((short) -2, Long.MAX_VALUE), DataType.of(TypeKind.BIGINT))).isEqualTo("[-2,9223372036854775807]");
        assertThat(JsonArrayWriter.of(List.of(1.0e20, 0.1, Double.NEGATIVE_INFINITY), DataType.of(TypeKind.DOUBLE)))
                .isEqualTo("[1.0E20,0.1,\"-Infinity\"]");
        assertThat(JsonArrayWriter.of(List.of(0.5f, Float.POSITIVE_INFINITY), DataType.of(TypeKind.FLOAT))).isEqualTo("[0.5,\"Infinity\"]");
        assertThat(JsonArrayWriter.of(List.of(new BigDecimal("-1.50E-3")), DataType.of(TypeKind.DECIMAL))).isEqualTo("[-0.00150]");
        assertThat(JsonArrayWriter.of(List.of(true, false), DataType.of(TypeKind.BOOLEAN))).isEqualTo("[true,false]");
    }
}
