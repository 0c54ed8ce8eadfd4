package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void writesNestedValuesWithEscapesAndNullsForWhatIsUnknown() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("pipeline", "a \"quoted\"\\name\n");
        document.put("ready", true);
        document.put("count", 3L);
        document.put("lag", 0.25);
        document.put("unknown", Double.NaN);
        document.put("absent", Optional.empty());
        document.put("present", Optional.of("0/16B3748"));
        document.put("tables", List.of(Map.of("table", "db.public.t")));
        assertThat(JsonText.of(document)).isEqualTo("{\"pipeline\":\"a \\\"quoted\\\"\\\\name\\n\",\"ready\":true,\"count\":3,\"lag\":0.25,"
                + "\"unknown\":null,\"absent\":null,\"present\":\"0/16B3748\",\"tables\":[{\"table\":\"db.public.t\"}]}");
    }
}
