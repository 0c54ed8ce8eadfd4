package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.schema.SchemaChangeFilter;
import io.tributary.core.spi.ConnectorFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a {@code source} or {@code sink} block: its {@code type} picks the connector factory, whose
 * declared options decide which other keys are valid.
 *
 * <p>A {@code name} key (Flink CDC's display name for the connector) is accepted and not passed to
 * the connector, unless the connector declares an option of that name.
 */
final class ConnectorBlockParser {
    private static final String TYPE = "type";
    private static final String DISPLAY_NAME = "name";

    private final String file;
    private final ValueReader values;

    ConnectorBlockParser(String file, ValueReader values) {
        this.file = requireNonNull(file, "file is null");
        this.values = requireNonNull(values, "values is null");
    }

    ConnectorDefinition parse(ConnectorRole role, YamlEntry block) {
        YamlMapping mapping = YamlMapping.of(file, block.value(), role.key());
        YamlEntry typeEntry = mapping.entry(TYPE).orElseThrow(() -> block.line().error(ErrorCode.CONFIG_MISSING_OPTION,
                role.key() + " has no 'type'. Add 'type: <connector>'; installed " + role.key() + " types: "
                        + String.join(", ", role.installedTypes()) + "."));
        String type = values.scalar(typeEntry, role.key());
        ConnectorFactory factory = factory(role, type, typeEntry.line());
        String blockName = role.key() + " (" + type + ")";
        boolean nameIsAnOption = OptionTypeChecker.allKeys(factory.requiredOptions()).contains(DISPLAY_NAME)
                || OptionTypeChecker.allKeys(factory.optionalOptions()).contains(DISPLAY_NAME);
        List<YamlEntry> optionEntries = mapping.entries().stream()
                .filter(entry -> !entry.key().equals(TYPE))
                .filter(entry -> nameIsAnOption || !entry.key().equals(DISPLAY_NAME))
                .toList();
        Map<String, String> schemaChangeLists = new LinkedHashMap<>();
        if (role == ConnectorRole.SINK) {
            optionEntries = takeSchemaChangeLists(optionEntries, blockName, schemaChangeLists);
        }
        List<ConfiguredValue> options = values.flatten(optionEntries, blockName);
        new ConnectorOptionChecker(factory, blockName, block.line()).check(options);
        Map<String, String> byKey = new LinkedHashMap<>();
        options.forEach(option -> byKey.put(option.key(), option.value()));
        byKey.putAll(schemaChangeLists);
        return new ConnectorDefinition(type, byKey);
    }

    /**
     * Takes out the sink's {@code include.schema.changes} / {@code exclude.schema.changes} lists
     * (a YAML list or a string of tags separated by ';' or ','), which the pipeline applies for
     * every sink, and checks their tags. A {@code true}/{@code false} value stays with the sink
     * (the Kafka sink's switch of that name).
     */
    private List<YamlEntry> takeSchemaChangeLists(List<YamlEntry> entries, String blockName, Map<String, String> lists) {
        List<YamlEntry> rest = new java.util.ArrayList<>();
        for (YamlEntry entry : entries) {
            boolean listKey = entry.key().equals(SchemaChangeFilter.INCLUDE) || entry.key().equals(SchemaChangeFilter.EXCLUDE);
            String value = !listKey ? null : entry.value() instanceof SequenceNode sequence
                    ? sequence.getValue().stream().map(item -> values.scalar(new YamlEntry(entry.key(), item, entry.line()), blockName))
                            .collect(Collectors.joining(";"))
                    : values.scalar(entry, blockName);
            if (!SchemaChangeFilter.isTagList(value)) {
                rest.add(entry);
                continue;
            }
            try {
                SchemaChangeFilter.check(entry.key(), value);
            } catch (TributaryException e) {
                throw entry.line().error(e.code(), e.getMessage(), e);
            }
            lists.put(entry.key(), value);
        }
        return rest;
    }

    private static ConnectorFactory factory(ConnectorRole role, String type, FileLine line) {
        try {
            return role.factory(type);
        } catch (TributaryException e) {
            if (e.code() != ErrorCode.CONNECTOR_UNKNOWN) {
                throw e;
            }
            throw line.error(ErrorCode.CONNECTOR_UNKNOWN, e.getMessage(), e);
        }
    }
}
