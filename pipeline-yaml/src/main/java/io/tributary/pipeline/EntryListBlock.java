package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** A block that is a list of entries, each a mapping of known keys: {@code route} and {@code transform}. */
final class EntryListBlock {
    /**
     * One entry of the list.
     *
     * @param name how messages name it ("route #2")
     * @param line where it starts
     * @param byKey its keys and values
     */
    record Entry(String name, FileLine line, Map<String, YamlEntry> byKey) {
        Entry {
            requireNonNull(name, "name is null");
            requireNonNull(line, "line is null");
            byKey = Map.copyOf(byKey);
        }

        Optional<YamlEntry> optional(String key) {
            return Optional.ofNullable(byKey.get(key));
        }

        /** The value of a key the entry must have; {@code meaning} tells the user what to write. */
        YamlEntry required(String key, String meaning) {
            YamlEntry entry = byKey.get(key);
            if (entry == null) {
                throw line.error(ErrorCode.CONFIG_MISSING_OPTION,
                        name + " is missing the required key '" + key + "' (" + meaning + "). Add '" + key + ": ...' to the entry.");
            }
            return entry;
        }
    }

    private EntryListBlock() {}

    /**
     * The entries of {@code block} (none for an empty block), each checked for unknown keys.
     *
     * @param firstKey the key a user starts an entry with, for the message when the block is not a list
     */
    static List<Entry> read(String file, YamlEntry block, String firstKey, List<String> keys) {
        if (YamlNodes.isNull(block.value())) {
            return List.of();
        }
        if (!(block.value() instanceof SequenceNode list)) {
            throw block.line().error(ErrorCode.CONFIG_INVALID, block.key() + " must be a list of entries, each starting with '- "
                    + firstKey + ": ...', not " + YamlNodes.describe(block.value()) + ".");
        }
        List<Entry> entries = new ArrayList<>();
        for (Node item : list.getValue()) {
            String name = block.key() + " #" + (entries.size() + 1);
            YamlMapping mapping = YamlMapping.of(file, item, name);
            Map<String, YamlEntry> byKey = new HashMap<>();
            for (YamlEntry entry : mapping.entries()) {
                if (!keys.contains(entry.key())) {
                    throw entry.line().error(ErrorCode.CONFIG_UNKNOWN_OPTION,
                            "unknown key '" + entry.key() + "' in " + name + ". " + KeySuggestion.hint(entry.key(), keys));
                }
                byKey.put(entry.key(), entry);
            }
            entries.add(new Entry(name, mapping.line(), byKey));
        }
        return entries;
    }
}
