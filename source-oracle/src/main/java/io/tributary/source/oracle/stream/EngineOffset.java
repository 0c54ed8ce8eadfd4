package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One offset of Debezium's Oracle connector, as its engine stores it: the keys its offset loader
 * reads ({@code scn}, {@code commit_scn}, {@code snapshot_scn}, {@code snapshot_pending_tx},
 * {@code txId}, {@code txSeq}, ...) with text, whole-number, boolean or null values (what its JSON
 * encoding gives back). Tributary does not
 * interpret it beyond building the first one ({@link HandoffOffset}); it hands it back to the
 * engine as it was.
 *
 * @param values the offset's entries, sorted by key
 */
public record EngineOffset(Map<String, Object> values) implements java.io.Serializable {
    /** No offset: the engine starts as its snapshot mode says. */
    public static final EngineOffset NONE = new EngineOffset(Map.of());

    public EngineOffset {
        requireNonNull(values, "values is null");
        Map<String, Object> copy = new TreeMap<>();
        values.forEach((key, value) -> {
            requireNonNull(key, "an offset key is null");
            if (value != null && !(value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Boolean)) {
                throw new IllegalArgumentException("offset entry " + key + " has a value of a type an engine offset does not hold: " + value);
            }
            copy.put(key, value instanceof Integer number ? Long.valueOf(number) : value);
        });
        values = Collections.unmodifiableMap(copy);
    }

    /** The offset of {@code values}, a map the engine produced (JSON numbers arrive as {@code Long}). */
    public static EngineOffset of(Map<String, ?> values) {
        return new EngineOffset(new TreeMap<>(values));
    }
}
