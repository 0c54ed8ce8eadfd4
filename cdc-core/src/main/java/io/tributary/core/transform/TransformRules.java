package io.tributary.core.transform;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSelector;
import io.tributary.core.transform.expression.UserFunctionDefinition;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code transform} entries of a pipeline, in a form Flink can ship to its tasks; a table gets
 * the first entry whose source-table selector matches it.
 */
public final class TransformRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** An entry in serializable form; absent values are null. */
    private record Rule(String sourceTable, String projection, String filter, List<String> primaryKeys, List<String> partitionKeys,
            LinkedHashMap<String, String> tableOptions, ConverterAfterTransform converter, String description) implements Serializable {
        static Rule of(TransformDefinition definition) {
            return new Rule(definition.sourceTable().toString(), definition.projection().orElse(null), definition.filter().orElse(null),
                    new ArrayList<>(definition.primaryKeys()), new ArrayList<>(definition.partitionKeys()), new LinkedHashMap<>(definition.tableOptions()),
                    definition.converterAfterTransform().orElse(null), definition.description().orElse(null));
        }

        TransformDefinition definition() {
            return new TransformDefinition(TableSelector.parse(sourceTable), Optional.ofNullable(projection), Optional.ofNullable(filter), primaryKeys,
                    partitionKeys, tableOptions, Optional.ofNullable(converter), Optional.ofNullable(description));
        }
    }

    private final List<Rule> rules;
    private final List<UserFunctionDefinition> functions;
    private transient List<TransformDefinition> definitions;
    private transient Map<TableId, Optional<TransformDefinition>> byTable;

    public TransformRules(List<TransformDefinition> definitions) {
        this(definitions, List.of());
    }

    /** @param functions the functions the pipeline declares, which the entries' expressions may call */
    public TransformRules(List<TransformDefinition> definitions, List<UserFunctionDefinition> functions) {
        this.rules = new ArrayList<>(requireNonNull(definitions, "definitions is null").stream().map(Rule::of).toList());
        this.functions = new ArrayList<>(requireNonNull(functions, "functions is null"));
    }

    /** The functions the pipeline declares. */
    public List<UserFunctionDefinition> functions() {
        return List.copyOf(functions);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The entry for a source table, if any matches it. */
    public Optional<TransformDefinition> forTable(TableId table) {
        if (byTable == null) {
            byTable = new HashMap<>();
        }
        return byTable.computeIfAbsent(table, id -> definitions().stream().filter(definition -> definition.sourceTable().matches(id)).findFirst());
    }

    /** The entry's position in the file, counted from 1, for messages. */
    public int numberOf(TransformDefinition definition) {
        return definitions().indexOf(definition) + 1;
    }

    private List<TransformDefinition> definitions() {
        if (definitions == null) {
            definitions = rules.stream().map(Rule::definition).toList();
        }
        return definitions;
    }
}
