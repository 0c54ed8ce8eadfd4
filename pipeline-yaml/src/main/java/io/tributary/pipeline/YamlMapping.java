package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** A YAML mapping of a pipeline file whose keys are plain strings, each appearing once. */
final class YamlMapping {
    private final List<YamlEntry> entries;
    private final FileLine line;

    private YamlMapping(List<YamlEntry> entries, FileLine line) {
        this.entries = List.copyOf(entries);
        this.line = line;
    }

    /**
     * Reads {@code node} as a mapping; {@code block} names it in messages ("source", "route #2").
     *
     * @throws io.tributary.core.error.TributaryException when the node is not a mapping, a key
     *     is not a plain value, or a key appears twice
     */
    static YamlMapping of(String file, Node node, String block) {
        requireNonNull(file, "file is null");
        requireNonNull(node, "node is null");
        requireNonNull(block, "block is null");
        FileLine line = FileLine.of(file, node);
        if (!(node instanceof MappingNode mapping)) {
            throw line.error(ErrorCode.CONFIG_INVALID,
                    block + " must be a mapping of keys to values (key: value, one per line), not " + YamlNodes.describe(node) + ".");
        }
        List<YamlEntry> entries = new ArrayList<>();
        Map<String, FileLine> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            FileLine keyLine = FileLine.of(file, tuple.getKeyNode());
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw keyLine.error(ErrorCode.CONFIG_INVALID, "a key in " + block + " is not a plain name. Write keys as 'name: value'.");
            }
            String key = keyNode.getValue();
            FileLine first = seen.putIfAbsent(key, keyLine);
            if (first != null) {
                throw keyLine.error(ErrorCode.CONFIG_INVALID,
                        "key '" + key + "' appears twice in " + block + " (first on line " + first.line() + "). Keep one of them.");
            }
            entries.add(new YamlEntry(key, tuple.getValueNode(), keyLine));
        }
        return new YamlMapping(entries, line);
    }

    List<YamlEntry> entries() {
        return entries;
    }

    Optional<YamlEntry> entry(String key) {
        return entries.stream().filter(entry -> entry.key().equals(key)).findFirst();
    }

    /** The line on which the mapping starts. */
    FileLine line() {
        return line;
    }
}
