package io.tributary.source.mysql.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.source.mysql.MySqlSnapshotMarker;

/**
 * A snapshot epoch: the binlog position when the enumerator opened it. MySQL and MariaDB cannot
 * share one snapshot between sessions, so each chunk is read in its own consistent-snapshot
 * transaction, which starts at or after this position; the epoch holds no connection.
 */
public final class MySqlSnapshotEpoch implements SnapshotEpoch<MySqlSnapshotMarker> {
    private final MySqlSnapshotMarker marker;

    public MySqlSnapshotEpoch(MySqlSnapshotMarker marker) {
        this.marker = requireNonNull(marker, "marker is null");
    }

    /** Only for logs: chunk readers open their own snapshots. */
    @Override
    public String handle() {
        return marker.toString();
    }

    @Override
    public MySqlSnapshotMarker marker() {
        return marker;
    }

    @Override
    public void close() {}
}
