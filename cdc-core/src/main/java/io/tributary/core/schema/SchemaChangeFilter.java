package io.tributary.core.schema;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which kinds of schema change reach the sink: the sink options {@code include.schema.changes}
 * (default: all) and {@code exclude.schema.changes} (default: none, or with the lenient behaviour
 * truncate.table and drop.table), as in Flink CDC. Values are tags separated by ';' or ',' (a YAML
 * list is read that way), e.g. {@code [column, create.table]}.
 */
public final class SchemaChangeFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String INCLUDE = "include.schema.changes";
    public static final String EXCLUDE = "exclude.schema.changes";

    private final EnumSet<SchemaChangeType> applied;

    private SchemaChangeFilter(Set<SchemaChangeType> applied) {
        this.applied = EnumSet.noneOf(SchemaChangeType.class);
        this.applied.addAll(applied);
    }

    /** Every kind of change reaches the sink. */
    public static SchemaChangeFilter all() {
        return new SchemaChangeFilter(EnumSet.allOf(SchemaChangeType.class));
    }

    /**
     * The filter the sink options ask for under {@code behavior}. A {@code true}/{@code false} value
     * of {@code include.schema.changes} is a sink's own switch of that name (the Kafka sink's topic
     * of schema changes) and filters nothing.
     */
    public static SchemaChangeFilter fromSinkOptions(Map<String, String> sinkOptions, SchemaChangeBehavior behavior) {
        requireNonNull(sinkOptions, "sinkOptions is null");
        Set<SchemaChangeType> included = tags(sinkOptions.get(INCLUDE), INCLUDE).orElse(EnumSet.allOf(SchemaChangeType.class));
        Set<SchemaChangeType> excluded = tags(sinkOptions.get(EXCLUDE), EXCLUDE).orElse(behavior == SchemaChangeBehavior.LENIENT
                ? EnumSet.of(SchemaChangeType.TRUNCATE_TABLE, SchemaChangeType.DROP_TABLE)
                : EnumSet.noneOf(SchemaChangeType.class));
        EnumSet<SchemaChangeType> applied = EnumSet.noneOf(SchemaChangeType.class);
        applied.addAll(included);
        applied.removeAll(excluded);
        return new SchemaChangeFilter(applied);
    }

    /** True for a value that is a list of tags rather than a sink's own boolean switch. */
    /**
     * The sink block's options without the lists of change kinds, which the pipeline applies
     * for the sink; a sink's own boolean {@code include.schema.changes} stays.
     */
    public static Map<String, String> withoutTagLists(Map<String, String> sinkOptions) {
        Map<String, String> options = new java.util.HashMap<>(sinkOptions);
        options.entrySet().removeIf(option -> (option.getKey().equals(INCLUDE) || option.getKey().equals(EXCLUDE)) && isTagList(option.getValue()));
        return options;
    }

    public static boolean isTagList(String value) {
        return value != null && !value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false");
    }

    /** Checks a value of either option; the message says which tags exist. */
    public static void check(String key, String value) {
        tags(value, key);
    }

    public boolean applies(SchemaChangeType type) {
        return applied.contains(type);
    }

    private static Optional<Set<SchemaChangeType>> tags(String value, String key) {
        if (!isTagList(value)) {
            return Optional.empty();
        }
        Set<SchemaChangeType> types = EnumSet.noneOf(SchemaChangeType.class);
        for (String raw : value.split("[;,]")) {
            String tag = raw.trim().replaceAll("^\\[|]$", "").trim().toLowerCase(java.util.Locale.ROOT);
            if (tag.isEmpty()) {
                continue;
            }
            Set<SchemaChangeType> named = SchemaChangeType.named(tag);
            if (named.isEmpty()) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "'" + raw.trim() + "' in sink option " + key + " names no kind of schema change. Use "
                        + Arrays.stream(SchemaChangeType.values()).map(SchemaChangeType::tag).collect(Collectors.joining(", "))
                        + ", or a group of them: add, alter, create, drop, rename, truncate, column, table, all.");
            }
            types.addAll(named);
        }
        return Optional.of(types);
    }

    @Override
    public String toString() {
        return applied.stream().map(SchemaChangeType::tag).collect(Collectors.joining(", ", "[", "]"));
    }
}
