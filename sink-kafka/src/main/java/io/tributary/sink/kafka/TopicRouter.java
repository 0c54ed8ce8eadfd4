package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Names the topic of each sink table: the explicit mapping first, then the single topic, then the
 * table id itself.
 */
public final class TopicRouter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Null when absent: {@link Optional} is not serializable. */
    private final String singleTopic;
    private final Map<String, String> mapping;

    public TopicRouter(Optional<String> singleTopic, Map<String, String> mapping) {
        this.singleTopic = requireNonNull(singleTopic, "singleTopic is null").orElse(null);
        this.mapping = Map.copyOf(requireNonNull(mapping, "mapping is null"));
    }

    public String topicOf(TableId table) {
        String mapped = mapping.get(table.identifier());
        if (mapped != null) {
            return mapped;
        }
        return singleTopic != null ? singleTopic : table.identifier();
    }

    /** Parses {@code a.b.c:topic1;x.y.z:topic2} (blanks around parts ignored, empty pairs skipped). */
    public static Map<String, String> parseMapping(String text) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.lastIndexOf(':');
            String table = colon < 0 ? "" : pair.substring(0, colon).trim();
            String topic = colon < 0 ? "" : pair.substring(colon + 1).trim();
            if (table.isEmpty() || topic.isEmpty()) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, KafkaSinkOptions.TABLE_ID_TO_TOPIC_MAPPING.key() + " has the entry '"
                        + pair.trim() + "'; write table-id:topic pairs separated by ';', e.g. appdb.public.orders:orders;appdb.public.items:items.");
            }
            if (mapping.put(table, topic) != null) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, KafkaSinkOptions.TABLE_ID_TO_TOPIC_MAPPING.key()
                        + " maps table " + table + " twice; keep one entry.");
            }
        }
        return mapping;
    }

    public Optional<String> singleTopic() {
        return Optional.ofNullable(singleTopic);
    }

    public Map<String, String> mapping() {
        return mapping;
    }
}
