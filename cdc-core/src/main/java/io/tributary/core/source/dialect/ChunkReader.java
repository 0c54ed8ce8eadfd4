package io.tributary.core.source.dialect;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.split.ChunkRange;

/** Reads snapshot chunks on a reader subtask; owns that subtask's snapshot connection. */
public interface ChunkReader extends AutoCloseable {
    /**
     * Opens the rows of {@code range} of a table, ordered by primary key (tables without a key
     * are only ever read as one whole-table range), under the view named by {@code epochHandle}.
     */
    RowCursor open(TableId tableId, TableSchema schema, ChunkRange range, String epochHandle);

    @Override
    void close();
}
