package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

/**
 * One statement's worth of change to a target row. The row follows the table's column order; in
 * {@link Kind#UPDATE_CHANGED} it holds {@link io.tributary.core.model.UnchangedValue#INSTANCE} for
 * the columns to leave alone.
 */
record RowChange(Kind kind, Object[] row) {
    RowChange {
        requireNonNull(kind, "kind is null");
        requireNonNull(row, "row is null");
    }

    enum Kind {
        /** Insert the row or overwrite the row with its key (tables with a primary key). */
        UPSERT,
        /** Delete the row with the row's key. */
        DELETE,
        /** Set the changed columns of the row with the row's key. */
        UPDATE_CHANGED,
        /** Insert the row (tables without a primary key). */
        INSERT,
        /** Delete one row equal to this one in every column (tables without a primary key). */
        DELETE_ONE
    }
}
