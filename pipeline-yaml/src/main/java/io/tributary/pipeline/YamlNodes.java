package io.tributary.pipeline;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Names YAML node shapes the way a user reads them in a message. */
final class YamlNodes {
    private YamlNodes() {}

    static boolean isNull(Node node) {
        return Tag.NULL.equals(node.getTag());
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "an empty value";
        }
        return "a single value";
    }
}
