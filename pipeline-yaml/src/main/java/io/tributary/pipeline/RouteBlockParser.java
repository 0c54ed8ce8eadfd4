package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.runtime.RouteDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the {@code route} block: a list of entries sending matching source tables to a sink table. */
final class RouteBlockParser {
    private static final String SOURCE_TABLE = "source-table";
    private static final String SINK_TABLE = "sink-table";
    private static final String REPLACE_SYMBOL = "replace-symbol";
    private static final String DESCRIPTION = "description";
    private static final List<String> KEYS = List.of(SOURCE_TABLE, SINK_TABLE, REPLACE_SYMBOL, DESCRIPTION);

    private final String file;
    private final ValueReader values;

    RouteBlockParser(String file, ValueReader values) {
        this.file = requireNonNull(file, "file is null");
        this.values = requireNonNull(values, "values is null");
    }

    List<RouteDefinition> parse(YamlEntry block) {
        if (YamlNodes.isNull(block.value())) {
            return List.of();
        }
        if (!(block.value() instanceof SequenceNode list)) {
            throw block.line().error(ErrorCode.CONFIG_INVALID, "route must be a list of entries, each starting with '- "
                    + SOURCE_TABLE + ": ...', not " + YamlNodes.describe(block.value()) + ".");
        }
        List<RouteDefinition> routes = new ArrayList<>();
        for (Node item : list.getValue()) {
            routes.add(route(item, "route #" + (routes.size() + 1)));
        }
        return routes;
    }

    private RouteDefinition route(Node item, String name) {
        YamlMapping mapping = YamlMapping.of(file, item, name);
        Map<String, YamlEntry> byKey = new HashMap<>();
        for (YamlEntry entry : mapping.entries()) {
            if (!KEYS.contains(entry.key())) {
                throw entry.line().error(ErrorCode.CONFIG_UNKNOWN_OPTION,
                        "unknown key '" + entry.key() + "' in " + name + ". " + KeySuggestion.hint(entry.key(), KEYS));
            }
            byKey.put(entry.key(), entry);
        }
        YamlEntry sourceEntry = required(byKey, SOURCE_TABLE, mapping.line(), name, "a regular expression over database.schema.table");
        YamlEntry sinkEntry = required(byKey, SINK_TABLE, mapping.line(), name, "the table to write to");
        String sourceTable = nonBlank(sourceEntry, name);
        checkRegex(sourceTable, sourceEntry, name);
        String sinkTable = nonBlank(sinkEntry, name);
        Optional<String> replaceSymbol = Optional.ofNullable(byKey.get(REPLACE_SYMBOL)).map(entry -> nonBlank(entry, name));
        if (replaceSymbol.isPresent() && !sinkTable.contains(replaceSymbol.get())) {
            throw byKey.get(REPLACE_SYMBOL).line().error(ErrorCode.CONFIG_INVALID, "replace-symbol '" + replaceSymbol.get()
                    + "' of " + name + " does not occur in sink-table '" + sinkTable + "', so it would do nothing. Put it in sink-table"
                    + " where the source table's name belongs (e.g. public." + replaceSymbol.get() + ") or remove replace-symbol.");
        }
        Optional<String> description = Optional.ofNullable(byKey.get(DESCRIPTION)).map(entry -> values.scalar(entry, name));
        return new RouteDefinition(sourceTable, sinkTable, replaceSymbol, description);
    }

    static YamlEntry required(Map<String, YamlEntry> byKey, String key, FileLine line, String name, String meaning) {
        YamlEntry entry = byKey.get(key);
        if (entry == null) {
            throw line.error(ErrorCode.CONFIG_MISSING_OPTION,
                    name + " is missing the required key '" + key + "' (" + meaning + "). Add '" + key + ": ...' to the entry.");
        }
        return entry;
    }

    private String nonBlank(YamlEntry entry, String name) {
        String value = values.scalar(entry, name);
        if (value.isBlank()) {
            throw entry.line().error(ErrorCode.CONFIG_INVALID, "key '" + entry.key() + "' in " + name + " is empty. Give it a value.");
        }
        return value;
    }

    private static void checkRegex(String sourceTable, YamlEntry entry, String name) {
        try {
            Pattern.compile(sourceTable);
        } catch (PatternSyntaxException e) {
            throw entry.line().error(ErrorCode.CONFIG_INVALID, "source-table '" + sourceTable + "' of " + name
                    + " is not a valid regular expression: " + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "")
                    + ". Escape special characters with a backslash (e.g. \\. for a literal dot).", e);
        }
    }
}
