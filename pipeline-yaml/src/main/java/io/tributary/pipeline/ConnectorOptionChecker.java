package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.spi.ConnectorFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/**
 * Checks a connector block's values against the options its factory declares (inert Flink CDC
 * options included): no unknown key, no
 * option given twice under different names, every required option present, every value of the
 * right type.
 */
final class ConnectorOptionChecker {
    private final ConnectorFactory factory;
    private final String block;
    private final FileLine blockLine;

    /**
     * @param block the block as messages name it, e.g. {@code source (postgres)}
     * @param blockLine the line of the block's key, where a missing option is reported
     */
    ConnectorOptionChecker(ConnectorFactory factory, String block, FileLine blockLine) {
        this.factory = requireNonNull(factory, "factory is null");
        this.block = requireNonNull(block, "block is null");
        this.blockLine = requireNonNull(blockLine, "blockLine is null");
    }

    void check(List<ConfiguredValue> values) {
        Map<String, ConfiguredValue> byKey = new LinkedHashMap<>();
        values.forEach(value -> byKey.put(value.key(), value));
        List<ConfigOption<?>> options = new ArrayList<>(factory.requiredOptions());
        options.addAll(factory.optionalOptions());
        factory.inertOptions().forEach(inert -> options.add(inert.option()));
        rejectUnknownKeys(values, options);
        rejectSpellingsOfOneOption(byKey, options);
        requirePresent(byKey);
        OptionTypeChecker.check(options, byKey, block);
    }

    private void rejectUnknownKeys(List<ConfiguredValue> values, List<ConfigOption<?>> options) {
        Set<String> known = Set.copyOf(OptionTypeChecker.allKeys(options));
        Set<String> prefixes = new HashSet<>(factory.passThroughPrefixes());
        factory.inertPrefixes().forEach(inert -> prefixes.add(inert.prefix()));
        for (ConfiguredValue value : values) {
            String key = value.key();
            if (!known.contains(key) && prefixes.stream().noneMatch(key::startsWith)) {
                throw value.line().error(ErrorCode.CONFIG_UNKNOWN_OPTION,
                        "unknown key '" + key + "' in " + block + ". " + KeySuggestion.hint(key, known, prefixes));
            }
        }
    }

    private void rejectSpellingsOfOneOption(Map<String, ConfiguredValue> byKey, List<ConfigOption<?>> options) {
        for (ConfigOption<?> option : options) {
            List<ConfiguredValue> given = OptionTypeChecker.keysOf(option).map(byKey::get).filter(Objects::nonNull)
                    .sorted(Comparator.comparingInt(value -> value.line().line()))
                    .toList();
            if (given.size() > 1) {
                ConfiguredValue second = given.get(1);
                throw second.line().error(ErrorCode.CONFIG_INVALID, "keys '" + given.get(0).key() + "' (line " + given.get(0).line().line()
                        + ") and '" + second.key() + "' in " + block + " set the same option. Keep only '" + option.key() + "'.");
            }
        }
    }

    private void requirePresent(Map<String, ConfiguredValue> byKey) {
        for (ConfigOption<?> option : factory.requiredOptions()) {
            if (OptionTypeChecker.keysOf(option).noneMatch(byKey::containsKey)) {
                String description = OptionDescriptions.of(option).replaceAll("\\.$", "");
                throw blockLine.error(ErrorCode.CONFIG_MISSING_OPTION, block + " is missing the required key '" + option.key() + "'"
                        + (description.isEmpty() ? "" : ": " + description) + ". Add '" + option.key() + ": ...' to the block.");
            }
        }
    }
}
