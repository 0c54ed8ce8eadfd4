package io.tributary.core.source.dialect;

/** Rows of one chunk, in primary-key order, read under one snapshot epoch. */
public interface RowCursor extends AutoCloseable {
    /** Advances to the next row; false at the end of the chunk. */
    boolean next();

    /** The current row's values in the schema's column order, in a new array per row (it is emitted as is). */
    Object[] row();

    @Override
    void close();
}
