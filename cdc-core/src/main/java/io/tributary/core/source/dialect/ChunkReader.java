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

    /**
     * Like {@link #open(SnapshotSplit, SnapshotView)}, with only the rows that also meet
     * {@code condition}, which {@link SourceDialect#rowConditionProblem} accepted. The default
     * refuses: such a dialect reads tables again only whole.
     */
    default RowCursor<M> open(SnapshotSplit chunk, SnapshotView<M> view, String condition) {
        throw new UnsupportedOperationException("This source reads a table again only whole");
    }

    @Override
    void close();
}
