package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.runtime.RouteDefinition;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
        return EntryListBlock.read(file, block, SOURCE_TABLE, KEYS).stream().map(this::route).toList();
    }

    private RouteDefinition route(EntryListBlock.Entry entry) {
        String name = entry.name();
        YamlEntry sourceEntry = entry.required(SOURCE_TABLE, "a regular expression over database.schema.table");
        YamlEntry sinkEntry = entry.required(SINK_TABLE, "the table to write to");
        String sourceTable = nonBlank(sourceEntry, name);
        checkRegex(sourceTable, sourceEntry, name);
        String sinkTable = nonBlank(sinkEntry, name);
        Optional<YamlEntry> replaceEntry = entry.optional(REPLACE_SYMBOL);
        Optional<String> replaceSymbol = replaceEntry.map(value -> nonBlank(value, name));
        if (replaceSymbol.isPresent() && !sinkTable.contains(replaceSymbol.get())) {
            throw replaceEntry.get().line().error(ErrorCode.CONFIG_INVALID, "replace-symbol '" + replaceSymbol.get()
                    + "' of " + name + " does not occur in sink-table '" + sinkTable + "', so it would do nothing. Put it in sink-table"
                    + " where the source table's name belongs (e.g. public." + replaceSymbol.get() + ") or remove replace-symbol.");
        }
        Optional<String> description = entry.optional(DESCRIPTION).map(value -> values.scalar(value, name));
        return new RouteDefinition(sourceTable, sinkTable, replaceSymbol, description);
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
