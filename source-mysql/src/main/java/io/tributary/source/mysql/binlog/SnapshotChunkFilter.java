package io.tributary.source.mysql.binlog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.source.mysql.BinlogPosition;
import io.tributary.source.mysql.MySqlSnapshotMarker;
import java.util.Optional;

/**
 * Tells the binlog reader which changes a snapshot chunk already holds: those of transactions that
 * start before the view (binlog position) the chunk holding their key was read under.
 */
final class SnapshotChunkFilter {
    private final SnapshotCoverage<MySqlSnapshotMarker> coverage;
    /** The newest view any snapshot chunk was read under: changes from here on are never in a chunk. */
    private final Optional<BinlogPosition> newestView;

    SnapshotChunkFilter(SnapshotCoverage<MySqlSnapshotMarker> coverage) {
        this.coverage = requireNonNull(coverage, "coverage is null");
        this.newestView = coverage.markers().stream().flatMap(marker -> marker.position().stream())
                .max(BinlogPosition::compareFileAndOffset);
    }

    /** True when the chunk holding this row's chunk key was read under a view that already has the transaction. */
    boolean holds(TableId tableId, TableSchema schema, Object[] row, BinlogPosition transactionStart) {
        if (newestView.isEmpty() || transactionStart.compareFileAndOffset(newestView.get()) >= 0) {
            return false; // past every chunk's view: no per-key lookup needed
        }
        Optional<MySqlSnapshotMarker> marker = coverage.markerForRow(tableId, schema, row);
        return marker.flatMap(MySqlSnapshotMarker::position).map(view -> transactionStart.compareFileAndOffset(view) < 0).orElse(false);
    }
}
