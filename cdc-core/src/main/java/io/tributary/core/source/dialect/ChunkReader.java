package io.tributary.core.source.dialect;

import io.tributary.core.source.split.SnapshotSplit;

/**
 * Reads snapshot chunks on a reader subtask; owns that subtask's snapshot connection.
 *
 * @param <M> the dialect's snapshot marker type
 */
public interface ChunkReader<M> extends AutoCloseable {
    /**
     * Opens the rows of the chunk's remaining range ({@link SnapshotSplit#range()}), ordered by
     * its chunk key (a table without one is only ever read as one whole-table range), under
     * {@code view}, the snapshot epoch's view.
     */
    RowCursor<M> open(SnapshotSplit chunk, SnapshotView<M> view);

    @Override
    void close();
}
