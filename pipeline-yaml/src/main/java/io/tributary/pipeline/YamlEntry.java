package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import org.yaml.snakeyaml.nodes.Node;

/** One key of a YAML mapping, its value node, and the line the key is on. */
record YamlEntry(String key, Node value, FileLine line) {
    YamlEntry {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        requireNonNull(line, "line is null");
    }
}
