package io.tributary.core.source.dialect;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.io.Serializable;

/** A table the source captures, with its schema as discovered and an estimate of its row count. */
public record CapturedTable(TableId tableId, TableSchema schema, long estimatedRows) implements Serializable {
    public CapturedTable {
        requireNonNull(tableId, "tableId is null");
        requireNonNull(schema, "schema is null");
    }
}
