package io.tributary.core.source.dialect;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.Collection;
import java.util.Optional;

/**
 * Which snapshot epoch marker covers a row: the stream reader asks it, for a change it is about to
 * emit, whether the snapshot chunk holding that key was read under a view that already contains
 * the change.
 */
public interface SnapshotCoverage<M> {
    /**
     * The markers finished chunks were read under (often just one). A marker the stream is past
     * ({@link SourceDialect#streamIsPast}) may be missing: chunks read under it folded into ranges
     * that answer with the oldest of their markers, and it decides no change the stream still reads.
     */
    Collection<M> markers();

    /**
     * The marker of the chunk whose range holds {@code chunkKey} (the row's values of the table's
     * {@link ChunkKey} in key order, in bound form: see {@link ChunkKeyOrder}), or empty when no finished chunk holds it
     * (a table the snapshot did not read). For a table without a chunk key, pass an empty array:
     * such a table is one whole-table chunk.
     */
    Optional<M> markerFor(TableId tableId, Object[] chunkKey);

    /**
     * Whether the snapshot read any part of the table: false for a table it never listed (one
     * created after discovery and met in the stream), which holds none of the changes the stream
     * reads. The stream starts once every chunk is finished, so every listed table has a finished
     * chunk, and this default asks {@link #markerFor} with an empty key, which a coverage answers
     * with a marker for any table that has one.
     */
    default boolean readAnyOf(TableId tableId) {
        return markerFor(tableId, new Object[0]).isPresent();
    }

    /**
     * Whether some tables have every change emitted, whatever their chunks' markers (keyed tables
     * of a sink where replays converge, after a restart): a transaction visible in every marker
     * must then still be looked at per table, not dropped whole.
     */
    default boolean replaysFromStreamStart() {
        return false;
    }

    /** The chunk key the snapshot cut a table by; none for a table it read whole or did not read. */
    ChunkKey chunkKey(TableId tableId);

    /**
     * The marker of the chunk holding {@code row}, a whole row of {@code schema} (the table's schema
     * when the change was made): {@link #markerFor} of the row's chunk-key values, which the
     * framework's coverage first puts in the dialect's bound form (this default leaves them as
     * they are). Not for a table whose chunk key is synthetic: its rows do not hold it.
     */
    default Optional<M> markerForRow(TableId tableId, TableSchema schema, Object[] row) {
        return markerFor(tableId, ChunkKey.valuesOf(row, chunkKey(tableId).indexesIn(schema)));
    }
}
