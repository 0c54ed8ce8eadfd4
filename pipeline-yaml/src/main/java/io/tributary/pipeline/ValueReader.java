package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the values of a block as strings exactly as written (numbers and booleans as text), with
 * environment variables substituted.
 */
final class ValueReader {
    private final String file;
    private final EnvironmentVariables environment;

    ValueReader(String file, EnvironmentVariables environment) {
        this.file = requireNonNull(file, "file is null");
        this.environment = requireNonNull(environment, "environment is null");
    }

    /** The entry's single value; a list, a mapping or an empty value is an error. */
    String scalar(YamlEntry entry, String block) {
        return scalar(entry.key(), entry.value(), entry.line(), block);
    }

    /**
     * Every key of the block with its value, nested mappings flattened with dots
     * ({@code properties: {a: 1}} becomes {@code properties.a}), in file order.
     *
     * @throws io.tributary.core.error.TributaryException for a list value, an empty value, or a
     *     key that the flattening makes appear twice
     */
    List<ConfiguredValue> flatten(List<YamlEntry> entries, String block) {
        List<ConfiguredValue> values = new ArrayList<>();
        for (YamlEntry entry : entries) {
            flatten(entry.key(), entry.value(), entry.line(), block, values);
        }
        Map<String, ConfiguredValue> seen = new HashMap<>();
        for (ConfiguredValue value : values) {
            ConfiguredValue first = seen.putIfAbsent(value.key(), value);
            if (first != null) {
                throw value.line().error(ErrorCode.CONFIG_INVALID, "key '" + value.key() + "' is set twice in " + block
                        + " (first on line " + first.line().line() + "). Keep one of them.");
            }
        }
        return values;
    }

    private void flatten(String key, Node node, FileLine line, String block, List<ConfiguredValue> values) {
        if (node instanceof MappingNode) {
            for (YamlEntry nested : YamlMapping.of(file, node, "key '" + key + "' in " + block).entries()) {
                flatten(key + "." + nested.key(), nested.value(), nested.line(), block, values);
            }
        } else {
            values.add(new ConfiguredValue(key, scalar(key, node, line, block), line));
        }
    }

    private String scalar(String key, Node node, FileLine line, String block) {
        if (YamlNodes.isNull(node)) {
            throw line.error(ErrorCode.CONFIG_INVALID,
                    "key '" + key + "' in " + block + " has no value. Give it a value (use '' for an empty string) or remove the key.");
        }
        if (!(node instanceof ScalarNode scalar)) {
            String hint = node instanceof SequenceNode
                    ? " Write the items as one string; list options separate them with ';' (a;b;c)."
                    : "";
            throw line.error(ErrorCode.CONFIG_INVALID,
                    "key '" + key + "' in " + block + " must be a single value, not " + YamlNodes.describe(node) + "." + hint);
        }
        return environment.substitute(scalar.getValue(), line, key, block);
    }
}
