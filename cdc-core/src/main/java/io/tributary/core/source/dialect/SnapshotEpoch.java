package io.tributary.core.source.dialect;

/**
 * A consistent view of the database that snapshot chunks are read under, kept open by the split
 * enumerator while chunks are read. Its marker tells the stream reader which changes the view
 * already contains. After a restart the enumerator opens a new epoch; chunks read before keep the
 * marker of theirs.
 *
 * @param <M> the dialect's marker type (e.g. a PostgreSQL transaction snapshot)
 */
public interface SnapshotEpoch<M> extends AutoCloseable {
    /** What a chunk reader passes to the database to read under this view (e.g. a snapshot id). */
    String handle();

    M marker();

    /** The view chunk readers read under. */
    default SnapshotView<M> view() {
        return new SnapshotView<>(handle(), marker());
    }

    @Override
    void close();
}
