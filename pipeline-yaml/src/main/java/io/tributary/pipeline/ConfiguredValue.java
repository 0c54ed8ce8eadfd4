package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

/** A key of a block (nested keys joined with dots) with its value as written, after substitution. */
record ConfiguredValue(String key, String value, FileLine line) {
    ConfiguredValue {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        requireNonNull(line, "line is null");
    }
}
