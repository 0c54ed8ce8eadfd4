package io.tributary.core.spi;

import static java.util.Objects.requireNonNull;

import org.apache.flink.configuration.ConfigOption;

/**
 * An option a connector accepts so that a pipeline file written for Apache Flink CDC runs
 * unchanged, although it has no effect here. Its value is still checked against its type; when a
 * file sets it, start-up logs one INFO line with {@code reason}.
 *
 * @param option the key, type and Flink CDC's default
 * @param reason why it has no effect, as a sentence (e.g. what Tributary does instead)
 */
public record InertOption(ConfigOption<?> option, String reason) {
    public InertOption {
        requireNonNull(option, "option is null");
        requireNonNull(reason, "reason is null");
    }
}
