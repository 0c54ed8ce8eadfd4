package io.tributary.core.source.dialect;

import java.util.Optional;

/**
 * Rows of one chunk, in chunk-key order, read under one snapshot epoch.
 *
 * @param <M> the dialect's snapshot marker type
 */
public interface RowCursor<M> extends AutoCloseable {
    /** Advances to the next row; false at the end of the chunk. */
    boolean next();

    /** The current row's values in the schema's column order, in a new array per row (it is emitted as is). */
    Object[] row();

    /**
     * The exact view the chunk is read under, where the database tells it per chunk (e.g. the
     * binlog position of the chunk's own consistent-snapshot transaction); empty when the epoch's
     * marker describes the chunk.
     */
    default Optional<M> marker() {
        return Optional.empty();
    }

    @Override
    void close();
}
