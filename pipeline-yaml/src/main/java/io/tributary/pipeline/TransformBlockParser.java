package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.model.TableSelector;
import io.tributary.core.transform.ConverterAfterTransform;
import io.tributary.core.transform.TransformDefinition;
import io.tributary.core.transform.expression.ColumnScope;
import io.tributary.core.transform.expression.ExpressionCompiler;
import io.tributary.core.transform.expression.ExpressionException;
import io.tributary.core.transform.expression.ExpressionParser;
import io.tributary.core.transform.expression.ProjectionItem;
import io.tributary.core.transform.expression.UserFunctions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code transform} block (Flink CDC 3.x): a list of entries, each with a source-table
 * selector and optional projection, filter, keys, table options, converter and description.
 * Expressions are parsed and checked here (syntax, operators, functions and their arguments);
 * their columns and types are checked against each table's schema when the pipeline runs.
 */
final class TransformBlockParser {
    private static final String SOURCE_TABLE = "source-table";
    private static final String PROJECTION = "projection";
    private static final String FILTER = "filter";
    private static final String PRIMARY_KEYS = "primary-keys";
    private static final String PARTITION_KEYS = "partition-keys";
    private static final String TABLE_OPTIONS = "table-options";
    /** What separates the key=value pairs of table-options (Flink CDC's default: a comma). */
    private static final String TABLE_OPTIONS_DELIMITER = "table-options.delimiter";
    private static final String CONVERTER = "converter-after-transform";
    private static final String DESCRIPTION = "description";
    private static final List<String> KEYS = List.of(SOURCE_TABLE, PROJECTION, FILTER, PRIMARY_KEYS, PARTITION_KEYS, TABLE_OPTIONS, TABLE_OPTIONS_DELIMITER, CONVERTER,
            DESCRIPTION);

    private final String file;
    private final ValueReader values;
    private final UserFunctions functions;

    /** @param functions the functions the pipeline declares, which expressions may call */
    TransformBlockParser(String file, ValueReader values, UserFunctions functions) {
        this.file = requireNonNull(file, "file is null");
        this.values = requireNonNull(values, "values is null");
        this.functions = requireNonNull(functions, "functions is null");
    }

    /**
     * An entry as parsed, with where it was written: the checks against table schemas, which come
     * later, point at the line of the key whose value is wrong.
     *
     * @param name how messages name it ("transform #2")
     * @param line where the entry starts
     * @param keyLines where each of its keys is
     */
    record Parsed(TransformDefinition definition, String name, FileLine line, Map<String, FileLine> keyLines) {
        Parsed {
            requireNonNull(definition, "definition is null");
            keyLines = Map.copyOf(keyLines);
        }

        /** The line of {@code key}, or of the entry when the key is not written in it. */
        FileLine lineOf(String key) {
            return keyLines.getOrDefault(key, line);
        }
    }

    List<Parsed> parse(YamlEntry block) {
        return EntryListBlock.read(file, block, SOURCE_TABLE, KEYS).stream()
                .map(entry -> new Parsed(transform(entry), entry.name(), entry.line(), keyLines(entry)))
                .toList();
    }

    private static Map<String, FileLine> keyLines(EntryListBlock.Entry entry) {
        Map<String, FileLine> lines = new LinkedHashMap<>();
        entry.byKey().forEach((key, value) -> lines.put(key, value.line()));
        return lines;
    }

    private TransformDefinition transform(EntryListBlock.Entry entry) {
        String name = entry.name();
        TableSelector sourceTable = selector(entry.required(SOURCE_TABLE, "the source tables, e.g. app_db.orders or app_db.order_\\.*"), name);
        Optional<YamlEntry> projectionEntry = entry.optional(PROJECTION);
        Optional<String> projection = text(projectionEntry, name).map(TransformBlockParser::unescapeStar);
        List<ProjectionItem> items = projection.map(text -> checkProjection(text, projectionEntry.get(), name)).orElse(List.of());
        Optional<String> filter = text(entry.optional(FILTER), name);
        filter.ifPresent(text -> checkFilter(text, entry.optional(FILTER).get(), name));
        List<String> primaryKeys = columns(entry.optional(PRIMARY_KEYS), items, name);
        List<String> partitionKeys = columns(entry.optional(PARTITION_KEYS), items, name);
        String delimiter = entry.optional(TABLE_OPTIONS_DELIMITER).map(delimiterEntry -> values.scalar(delimiterEntry, name)).orElse(",");
        Map<String, String> tableOptions = tableOptions(entry.optional(TABLE_OPTIONS), delimiter, name);
        Optional<ConverterAfterTransform> converter = converter(entry.optional(CONVERTER), name);
        Optional<String> description = entry.optional(DESCRIPTION).map(value -> values.scalar(value, name));
        return new TransformDefinition(sourceTable, projection, filter, primaryKeys, partitionKeys, tableOptions, converter, description);
    }

    private static TableSelector selector(YamlEntry entry, String name) {
        String text = entry.value() instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar ? scalar.getValue() : "";
        try {
            return TableSelector.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw entry.line().error(ErrorCode.CONFIG_INVALID, "source-table '" + text + "' of " + name + " is not a valid table selector: "
                    + e.getMessage() + ". Write database.table or database.schema.table, each part a regular expression (\\. for a literal dot).", e);
        }
    }

    private Optional<String> text(Optional<YamlEntry> optional, String name) {
        if (optional.isEmpty()) {
            return Optional.empty();
        }
        YamlEntry entry = optional.get();
        String value = values.scalar(entry, name).trim();
        if (value.isEmpty()) {
            throw entry.line().error(ErrorCode.CONFIG_INVALID, "key '" + entry.key() + "' in " + name + " is empty. Give it a value or remove the key.");
        }
        return Optional.of(value);
    }

    /** YAML cannot start a plain value with '*', so Flink CDC files write {@code \*}. */
    private static String unescapeStar(String projection) {
        return projection.replace("\\*", "*");
    }

    private List<ProjectionItem> checkProjection(String projection, YamlEntry entry, String name) {
        try {
            List<ProjectionItem> items = ExpressionParser.parseProjection(projection);
            ExpressionCompiler compiler = new ExpressionCompiler(ColumnScope.anyColumn(), false, functions);
            for (ProjectionItem item : items) {
                if (!item.isStar()) {
                    try {
                        compiler.compile(item.expression().orElseThrow());
                    } catch (ExpressionException e) {
                        throw new ExpressionException("projection item '" + item.text() + "': " + e.getMessage(), e);
                    }
                }
            }
            return items;
        } catch (ExpressionException e) {
            throw entry.line().error(ErrorCode.CONFIG_INVALID, "key 'projection' in " + name + ": " + e.getMessage() + ".", e);
        }
    }

    private void checkFilter(String filter, YamlEntry entry, String name) {
        try {
            var condition = ExpressionParser.parseFilter(filter);
            try {
                new ExpressionCompiler(ColumnScope.anyColumn(), false, functions).compileCondition(condition);
            } catch (ExpressionException e) {
                throw new ExpressionException("filter '" + filter + "': " + e.getMessage(), e);
            }
        } catch (ExpressionException e) {
            throw entry.line().error(ErrorCode.CONFIG_INVALID, "key 'filter' in " + name + ": " + e.getMessage() + ".", e);
        }
    }

    /** A comma-separated list of columns; where the projection has no {@code *}, each must be one it produces. */
    private List<String> columns(Optional<YamlEntry> optional, List<ProjectionItem> items, String name) {
        if (optional.isEmpty()) {
            return List.of();
        }
        YamlEntry entry = optional.get();
        List<String> columns = Arrays.stream(values.scalar(entry, name).split(",")).map(String::trim).toList();
        if (columns.stream().anyMatch(String::isEmpty)) {
            throw entry.line().error(ErrorCode.CONFIG_INVALID, "key '" + entry.key() + "' in " + name + " has an empty column name; write column names"
                    + " separated by commas, e.g. id, order_id.");
        }
        if (!items.isEmpty() && items.stream().noneMatch(ProjectionItem::isStar)) {
            List<String> produced = items.stream().map(item -> item.name().orElseThrow()).toList();
            for (String column : columns) {
                if (!produced.contains(column)) {
                    throw entry.line().error(ErrorCode.CONFIG_INVALID, "key '" + entry.key() + "' in " + name + " names the column '" + column
                            + "', which the projection does not produce. It produces " + String.join(", ", produced) + ".");
                }
            }
        }
        return columns;
    }

    private Map<String, String> tableOptions(Optional<YamlEntry> optional, String delimiter, String name) {
        Map<String, String> options = new LinkedHashMap<>();
        if (optional.isEmpty()) {
            return options;
        }
        YamlEntry entry = optional.get();
        for (String pair : values.scalar(entry, name).split(java.util.regex.Pattern.quote(delimiter))) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw entry.line().error(ErrorCode.CONFIG_INVALID, "key 'table-options' in " + name + ": '" + pair.trim()
                        + "' is not key=value. Write key1=value1" + delimiter + "key2=value2.");
            }
            options.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return options;
    }

    private Optional<ConverterAfterTransform> converter(Optional<YamlEntry> optional, String name) {
        if (optional.isEmpty()) {
            return Optional.empty();
        }
        YamlEntry entry = optional.get();
        String value = values.scalar(entry, name).trim();
        try {
            return Optional.of(ConverterAfterTransform.valueOf(value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw entry.line().error(ErrorCode.CONFIG_INVALID, "key 'converter-after-transform' in " + name + " is '" + value
                    + "'; the converter Tributary has is " + Arrays.toString(ConverterAfterTransform.values()) + ".", e);
        }
    }
}
