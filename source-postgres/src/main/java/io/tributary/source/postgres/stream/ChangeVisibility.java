package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.source.postgres.PostgresSnapshotMarker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether the snapshot already holds a change. A transaction's changes are in a chunk iff
 * the transaction is visible in the snapshot the chunk was read under. Most transactions are
 * decided once for all their changes: invisible in every epoch (emit), or visible in every epoch
 * (drop: every chunk holds it, and chunks still to be read are read under one of these epochs or a
 * later one). Only transactions visible in some epochs and not others are decided per key, by the
 * marker of the chunk holding the key.
 */
final class ChangeVisibility {
    /** The decision for a whole transaction. */
    enum Verdict {
        EMIT,
        DROP,
        PER_KEY
    }

    private final SnapshotCoverage<PostgresSnapshotMarker> coverage;
    private final List<PostgresSnapshotMarker> markers;
    private final long minXmin;
    private final long maxXmax;
    private final Map<TableId, Boolean> readBySnapshot = new HashMap<>();

    ChangeVisibility(SnapshotCoverage<PostgresSnapshotMarker> coverage) {
        this.coverage = requireNonNull(coverage, "coverage is null");
        this.markers = List.copyOf(coverage.markers());
        this.minXmin = markers.stream().mapToLong(PostgresSnapshotMarker::xmin).min().orElse(Long.MAX_VALUE);
        this.maxXmax = markers.stream().mapToLong(PostgresSnapshotMarker::xmax).max().orElse(Long.MIN_VALUE);
    }

    Verdict classify(long xid) {
        Verdict verdict = classifyByMarkers(xid);
        // Tables replayed from the stream's start keep every change, so nothing is dropped whole.
        return verdict == Verdict.DROP && coverage.replaysFromStreamStart() ? Verdict.PER_KEY : verdict;
    }

    private Verdict classifyByMarkers(long xid) {
        if (markers.isEmpty() || xid >= maxXmax) {
            return Verdict.EMIT;
        }
        if (xid < minXmin) {
            return Verdict.DROP;
        }
        boolean anyVisible = false;
        boolean anyInvisible = false;
        for (PostgresSnapshotMarker marker : markers) {
            if (marker.isVisible(xid)) {
                anyVisible = true;
            } else {
                anyInvisible = true;
            }
        }
        return !anyVisible ? Verdict.EMIT : !anyInvisible ? Verdict.DROP : Verdict.PER_KEY;
    }

    /**
     * Whether the snapshot holds any of the table's changes: a table it did not read (created after
     * discovery) holds none, so every change of it is emitted whatever the transaction's verdict.
     */
    boolean readBySnapshot(TableId tableId) {
        return readBySnapshot.computeIfAbsent(tableId, coverage::readAnyOf);
    }

    /** Whether the snapshot read the table as one chunk (it has no chunk key). */
    boolean readAsOneChunk(TableId tableId) {
        return coverage.chunkKey(tableId).isNone();
    }

    /** For a PER_KEY transaction and a table read as one chunk: whether that chunk lacks the change. */
    boolean wholeTableMissingFromSnapshot(long xid, TableId tableId) {
        Optional<PostgresSnapshotMarker> marker = coverage.markerFor(tableId, new Object[0]);
        return marker.isEmpty() || !marker.get().isVisible(xid);
    }

    /** For a PER_KEY transaction: whether the chunk holding {@code row} (of {@code schema}) lacks the change (or no chunk holds it). */
    boolean missingFromSnapshot(long xid, TableId tableId, TableSchema schema, Object[] row) {
        Optional<PostgresSnapshotMarker> marker = coverage.markerForRow(tableId, schema, row);
        return marker.isEmpty() || !marker.get().isVisible(xid);
    }
}
