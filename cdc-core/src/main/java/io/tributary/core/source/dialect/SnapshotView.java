package io.tributary.core.source.dialect;

import static java.util.Objects.requireNonNull;

/**
 * The consistent view a chunk is read under: what the database needs to read as of the epoch
 * ({@code handle}: PostgreSQL's exported snapshot id) and the epoch's typed marker (a binlog
 * position, an SCN for {@code AS OF SCN}, a cluster time for {@code atClusterTime}).
 *
 * @param <M> the dialect's snapshot marker type
 */
public record SnapshotView<M>(String handle, M marker) {
    public SnapshotView {
        requireNonNull(handle, "handle is null");
        requireNonNull(marker, "marker is null");
    }
}
