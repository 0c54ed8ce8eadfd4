package io.tributary.core.spi;

import static java.util.Objects.requireNonNull;

/**
 * A key prefix a connector accepts unchecked (such as Flink CDC's {@code debezium.}) whose keys have
 * no effect here; when a file sets such a key, start-up logs one INFO line with {@code reason}.
 */
public record InertPrefix(String prefix, String reason) {
    public InertPrefix {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(reason, "reason is null");
    }
}
