package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A table the stream's reader reads again while it streams (a re-snapshot), and how far it got:
 * the chunk key of the last row it emitted, in bound form. Kept in the stream split, so a restart
 * goes on after that row.
 *
 * @param requestId the number of the re-snapshot request
 * @param table the table as read: id, schema and chunk key (the split's range is not used)
 * @param estimatedRows the table's size as the database estimated it when asked, for cutting it into chunks
 * @param condition which rows to read, in the database's query language; empty for every row
 * @param lastKey the chunk key of the last row emitted; empty before the first
 */
public record ReadAgain(long requestId, SnapshotSplit table, long estimatedRows, Optional<String> condition, Optional<Object[]> lastKey) {
    public ReadAgain {
        requireNonNull(condition, "condition is null");
        requireNonNull(table, "table is null");
        requireNonNull(lastKey, "lastKey is null");
    }

    /** This table read up to {@code key} (in bound form). */
    public ReadAgain after(Object[] key) {
        return new ReadAgain(requestId, table, estimatedRows, condition, Optional.of(requireNonNull(key, "key is null")));
    }
}
