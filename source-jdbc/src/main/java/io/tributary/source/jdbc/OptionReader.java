package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;

/**
 * Reads the options of one source block and turns a missing or unparsable value into a
 * {@code CONFIG_MISSING_OPTION} or {@code CONFIG_INVALID} error that quotes the option's description.
 */
public final class OptionReader {
    private final Configuration config;

    public OptionReader(Configuration config) {
        this.config = requireNonNull(config, "config is null");
    }

    public Configuration config() {
        return config;
    }

    /** A string option that must be set and not blank. */
    public String required(ConfigOption<String> option) {
        return config.getOptional(option).filter(v -> !v.isBlank()).orElseThrow(() -> new TributaryException(ErrorCode.CONFIG_MISSING_OPTION,
                "Option '" + option.key() + "' is required: " + describe(option)));
    }

    /** The option's value, or its default. */
    public <T> T read(ConfigOption<T> option) {
        return parse(option, () -> config.get(option));
    }

    /** An integer option of at least {@code minimum}. */
    public int atLeast(ConfigOption<Integer> option, int minimum) {
        int value = read(option);
        if (value < minimum) {
            throw invalid(option, String.valueOf(value), "it must be at least " + minimum);
        }
        return value;
    }

    /** An integer option from {@code minimum} to {@code maximum}. */
    public int between(ConfigOption<Integer> option, int minimum, int maximum) {
        int value = read(option);
        if (value < minimum || value > maximum) {
            throw invalid(option, String.valueOf(value), "it must be from " + minimum + " to " + maximum);
        }
        return value;
    }

    /** A duration option greater than zero. */
    public Duration positive(ConfigOption<Duration> option) {
        return requirePositive(option, read(option));
    }

    /** {@code value}, read from {@code option}, when it is greater than zero. */
    public static Duration requirePositive(ConfigOption<Duration> option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw invalid(option, value.toString(), "it must be a positive duration such as 30s");
        }
        return value;
    }

    /** The keys that start with {@code prefix} (e.g. {@code jdbc.properties.}), without it, and their values, sorted by key. */
    public Map<String, String> withPrefix(String prefix) {
        TreeMap<String, String> values = new TreeMap<>();
        config.toMap().forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                values.put(key.substring(prefix.length()), value);
            }
        });
        return values;
    }

    /** Runs {@code reader}, reporting a value Flink cannot parse as {@code CONFIG_INVALID} for {@code option}. */
    public static <T> T parse(ConfigOption<?> option, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Option '" + option.key() + "' has an invalid value: " + e.getMessage()
                    + ". " + describe(option), e);
        }
    }

    /** The option's description as plain text. */
    public static String describe(ConfigOption<?> option) {
        StringBuilder text = new StringBuilder();
        for (BlockElement block : option.description().getBlocks()) {
            if (block instanceof TextElement element) {
                text.append(element.getFormat());
            }
        }
        return text.toString();
    }

    /** The error for a value that parses but is not allowed. */
    public static TributaryException invalid(ConfigOption<?> option, String value, String problem) {
        return new TributaryException(ErrorCode.CONFIG_INVALID, "Option '" + option.key() + "' = '" + value + "' is invalid: " + problem + ".");
    }
}
