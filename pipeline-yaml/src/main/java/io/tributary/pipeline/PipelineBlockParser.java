package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Reads the {@code pipeline} block. Keys without a dot are Tributary's ({@code name},
 * {@code parallelism}, {@code local-time-zone}; the functions, {@code user-defined-function} and
 * {@code model}, are {@link FunctionBlockParser}'s); keys with a dot are Flink configuration keys and
 * pass through, those whose type is known here checked.
 */
final class PipelineBlockParser {
    static final String NAME = "name";
    static final String PARALLELISM = "parallelism";
    static final String LOCAL_TIME_ZONE = "local-time-zone";
    /** Flink CDC's choice of which routes a table takes; Tributary's routes take the first match. */
    static final String ROUTE_MODE = "route-mode";
    private static final Set<String> KEYS = Set.of(NAME, PARALLELISM, LOCAL_TIME_ZONE, ROUTE_MODE);
    private static final String BLOCK = "pipeline";

    /** Flink CDC's choices for what to do with a source schema change. */
    enum SchemaChangeBehavior {
        IGNORE,
        LENIENT,
        TRY_EVOLVE,
        EVOLVE,
        EXCEPTION
    }

    /** Options whose values are checked; any other dotted key passes through unchecked. */
    private static final List<ConfigOption<?>> CHECKED_OPTIONS = List.of(
            ConfigOptions.key(PARALLELISM).intType().defaultValue(1),
            ConfigOptions.key("schema.change.behavior").enumType(SchemaChangeBehavior.class).noDefaultValue(),
            CheckpointingOptions.CHECKPOINTING_INTERVAL,
            CheckpointingOptions.CHECKPOINTING_TIMEOUT,
            CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS,
            CheckpointingOptions.TOLERABLE_FAILURE_NUMBER);

    private final ValueReader values;

    PipelineBlockParser(ValueReader values) {
        this.values = requireNonNull(values, "values is null");
    }

    /**
     * @param block the {@code pipeline} entry, absent when the file has none
     * @param defaultName the name when the block has none: the file name without its extension
     * @param fileStart the file's first line, where a problem with the default name is reported
     */
    PipelineBlock parse(Optional<YamlEntry> block, String defaultName, FileLine fileStart) {
        List<ConfiguredValue> entries = block.filter(entry -> !YamlNodes.isNull(entry.value()))
                .map(this::read)
                .orElse(List.of());
        Map<String, ConfiguredValue> byKey = new LinkedHashMap<>();
        for (ConfiguredValue value : entries) {
            if (!value.key().contains(".") && !KEYS.contains(value.key())) {
                throw value.line().error(ErrorCode.CONFIG_UNKNOWN_OPTION, "unknown key '" + value.key() + "' in pipeline. "
                        + KeySuggestion.hint(value.key(), KEYS) + " Flink configuration keys (with a dot) are passed through.");
            }
            byKey.put(value.key(), value);
        }
        OptionTypeChecker.check(CHECKED_OPTIONS, byKey, BLOCK);
        Optional.ofNullable(byKey.get(PARALLELISM)).ifPresent(PipelineBlockParser::checkParallelism);
        Optional.ofNullable(byKey.get(LOCAL_TIME_ZONE)).ifPresent(PipelineBlockParser::checkTimeZone);
        Optional.ofNullable(byKey.get(ROUTE_MODE)).ifPresent(PipelineBlockParser::checkRouteMode);
        String name = name(Optional.ofNullable(byKey.get(NAME)), defaultName, fileStart);

        Map<String, String> options = new LinkedHashMap<>();
        byKey.forEach((key, value) -> options.put(key, value.value()));
        options.put(NAME, name);
        options.putIfAbsent(PARALLELISM, "1");
        return new PipelineBlock(name, options);
    }

    /** The block's keys but the functions it declares, which {@link FunctionBlockParser} reads. */
    private List<ConfiguredValue> read(YamlEntry block) {
        return values.flatten(YamlMapping.of(block.line().file(), block.value(), BLOCK).entries().stream()
                .filter(entry -> !FunctionBlockParser.KEYS.contains(entry.key())).toList(), BLOCK);
    }

    private static void checkParallelism(ConfiguredValue value) {
        if (Integer.parseInt(value.value().strip()) < 1) {
            throw value.line().error(ErrorCode.CONFIG_INVALID,
                    "parallelism in pipeline must be at least 1, was " + value.value() + ". Set it to the number of parallel readers and writers.");
        }
    }

    private static void checkRouteMode(ConfiguredValue value) {
        String mode = value.value().strip().toUpperCase(java.util.Locale.ROOT);
        if (mode.equals("ALL_MATCH")) {
            throw value.line().error(ErrorCode.CONFIG_INVALID, "route-mode ALL_MATCH is not supported: a source table goes to the sink table of"
                    + " the first route that matches it. Set route-mode: FIRST_MATCH (or leave it out), and give each sink table its own route.");
        }
        if (!mode.equals("FIRST_MATCH")) {
            throw value.line().error(ErrorCode.CONFIG_INVALID, "invalid value '" + value.value() + "' for key 'route-mode' in pipeline: expected FIRST_MATCH.");
        }
    }

    private static void checkTimeZone(ConfiguredValue value) {
        try {
            ZoneId.of(value.value());
        } catch (DateTimeException e) {
            throw value.line().error(ErrorCode.CONFIG_INVALID, "invalid value '" + value.value() + "' for key '" + LOCAL_TIME_ZONE
                    + "' in pipeline: expected a time zone id such as UTC or Europe/Berlin.", e);
        }
    }

    /**
     * Any name is accepted (Flink CDC's examples use names such as {@code MySQL to Kafka Pipeline}):
     * the state directory and other identifiers come from {@link io.tributary.core.spi.PipelineNames}.
     */
    private static String name(Optional<ConfiguredValue> given, String defaultName, FileLine fileStart) {
        if (given.isPresent()) {
            ConfiguredValue value = given.get();
            if (value.value().isBlank()) {
                throw value.line().error(ErrorCode.CONFIG_INVALID, "pipeline name is empty. Give the pipeline a name, e.g. 'name: MySQL to Kafka', "
                        + "or remove the key to name it after the file.");
            }
            return value.value().strip();
        }
        if (defaultName.isBlank()) {
            throw fileStart.error(ErrorCode.CONFIG_INVALID, "the pipeline has no name and the file name gives none. Add 'name: ...' to the pipeline block.");
        }
        return defaultName;
    }
}
