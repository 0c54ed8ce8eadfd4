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

class JsonTextTest {
    @Test
    void writesArraysOfEveryElementKindAsJson() {
        assertThat(JsonText.of(Arrays.asList(1, null, 3), DataType.of(TypeKind.INTEGER))).isEqualTo("[1,null,3]");
        assertThat(JsonText.of(List.of("a\"b", "c\\d\n"), DataType.of(TypeKind.TEXT))).isEqualTo("[\"a\\\"b\",\"c\\\\d\\n\"]");
        assertThat(JsonText.of(List.of(new BigDecimal("1E+3")), DataType.of(TypeKind.DECIMAL))).isEqualTo("[1000]");
        assertThat(JsonText.of(List.of(Double.NaN, 1.5), DataType.of(TypeKind.DOUBLE))).isEqualTo("[\"NaN\",1.5]");
        assertThat(JsonText.of(List.of(new byte[] {1, 2}), DataType.of(TypeKind.BYTES))).isEqualTo("[\"AQI=\"]");
        assertThat(JsonText.of(List.of(OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2))), DataType.of(TypeKind.TIMESTAMP_TZ)))
                .isEqualTo("[\"2024-01-01T10:00Z\"]");
        assertThat(JsonText.of(List.of("{\"a\":1}"), DataType.of(TypeKind.JSON))).isEqualTo("[{\"a\":1}]");
        assertThat(JsonText.of(List.of(List.of(1), List.of()), DataType.arrayOf(DataType.of(TypeKind.INTEGER)))).isEqualTo("[[1],[]]");
    }
}
