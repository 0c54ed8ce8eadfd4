package io.tributary.sink.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Writes encoded key values as one CSV line (RFC 4180): values separated by {@code ,}, a value with
 * a comma, quote, line break or edge space quoted with its quotes doubled, and null as an empty
 * field. Values are those of the JSON key, as text.
 */
final class CsvLine {
    private CsvLine() {}

    static byte[] of(JsonNode values) {
        StringBuilder line = new StringBuilder();
        for (Iterator<JsonNode> it = values.elements(); it.hasNext();) {
            JsonNode value = it.next();
            if (!value.isNull()) {
                line.append(quoted(value.isValueNode() ? value.asText() : value.toString()));
            }
            if (it.hasNext()) {
                line.append(',');
            }
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        boolean quote = text.isEmpty() || text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0 || !text.equals(text.strip());
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
