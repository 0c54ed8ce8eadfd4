package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where in the source a change was read, for consumers that show or compare it (Debezium's
 * {@code source} block): whether it came from the snapshot, and the source's position fields in
 * the source's own names, e.g. PostgreSQL {@code lsn} and {@code txId}, MySQL {@code file},
 * {@code pos}, {@code gtid}, {@code server_id}, {@code row}. Values are numbers ({@link Long}) or
 * text ({@link String}). Not used to resume: that is the source's checkpointed offset.
 */
public record SourcePosition(boolean snapshot, Map<String, Object> fields) implements Serializable {
    public SourcePosition {
        requireNonNull(fields, "fields is null");
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            String name = field.getKey();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("A source position field needs a name: " + fields);
            }
            if (!(field.getValue() instanceof Long) && !(field.getValue() instanceof String)) {
                throw new IllegalArgumentException("Source position field " + name + " must be a Long or a String, not " + field.getValue());
            }
            copy.put(name, field.getValue());
        }
        fields = Collections.unmodifiableMap(copy);
    }

    /** A position in the change log. */
    public static SourcePosition ofLog(Map<String, Object> fields) {
        return new SourcePosition(false, fields);
    }
}
