package io.tributary.core.source.contract;

import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.TableId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An event as a sink writer turned it into named columns, using the schema it had seen for the
 * table at that point: either a schema change or a row change of one key.
 */
record CollectedChange(TableId table, Optional<SchemaChange> schemaChange, Operation operation, List<Object> key,
        Optional<List<Object>> beforeKey, Optional<Map<String, Object>> after) {

    static CollectedChange schema(TableId table, SchemaChange change) {
        return new CollectedChange(table, Optional.of(change), Operation.READ, List.of(), Optional.empty(), Optional.empty());
    }
}
