package io.tributary.core.transform;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code transform} entries of a pipeline; a table gets the first entry whose source-table selector matches it. */
public final class TransformRules implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<TransformDefinition> definitions;
    private transient Map<TableId, Optional<TransformDefinition>> byTable;

    public TransformRules(List<TransformDefinition> definitions) {
        this.definitions = List.copyOf(requireNonNull(definitions, "definitions is null"));
    }

    public boolean isEmpty() {
        return definitions.isEmpty();
    }

    /** The entry for a source table, if any matches it. */
    public Optional<TransformDefinition> forTable(TableId table) {
        if (byTable == null) {
            byTable = new HashMap<>();
        }
        return byTable.computeIfAbsent(table, id -> definitions.stream().filter(definition -> definition.sourceTable().matches(id)).findFirst());
    }

    /** The entry's position in the file, counted from 1, for messages. */
    public int numberOf(TransformDefinition definition) {
        return definitions.indexOf(definition) + 1;
    }
}
