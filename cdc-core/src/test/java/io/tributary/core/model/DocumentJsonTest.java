package io.tributary.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON a target that stores JSON receives for a document. */
class DocumentJsonTest {
    @Test
    void writesFieldsInOrderWithNestedValuesAsJson() {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Zürich");
        address.put("zip", 8001);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_id", 42L);
        document.put("tags", List.of("a", 2, List.of()));
        document.put("address", address);
        document.put("price", new BigDecimal("12.30"));
        document.put("ratio", 0.5);
        document.put("nan", Double.NaN);
        document.put("bytes", new byte[] {1, 2, 3});
        document.put("day", LocalDate.of(2024, 2, 29));
        document.put("at", OffsetDateTime.of(2024, 6, 1, 14, 0, 0, 0, ZoneOffset.ofHours(2)));
        document.put("none", null);

        assertThat(DocumentJson.text(document)).isEqualTo("{\"_id\":42,\"tags\":[\"a\",2,[]],\"address\":{\"city\":\"Zürich\",\"zip\":8001},"
                + "\"price\":12.30,\"ratio\":0.5,\"nan\":\"NaN\",\"bytes\":\"AQID\",\"day\":\"2024-02-29\",\"at\":\"2024-06-01T12:00:00Z\",\"none\":null}");
    }

    @Test
    void refusesValuesNoKindHas() {
        assertThatThrownBy(() -> DocumentJson.text(Map.of("thread", new Object()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
