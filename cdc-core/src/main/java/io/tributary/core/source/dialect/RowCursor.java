package io.tributary.core.source.dialect;

/** Rows of one chunk, in primary-key order, read under one snapshot epoch. */
public interface RowCursor extends AutoCloseable {
    /** Advances to the next row; false at the end of the chunk. */
    boolean next();

    /** The current row's values in the schema's column order, in a new array per row (it is emitted as is). */
    Object[] row();

    /**
     * The exact view the chunk is read under, as a marker of the dialect's type, where the
     * database tells it per chunk (e.g. the binlog position of the chunk's own consistent-snapshot
     * transaction); empty when the epoch's marker describes the chunk.
     */
    default java.util.Optional<Object> marker() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
