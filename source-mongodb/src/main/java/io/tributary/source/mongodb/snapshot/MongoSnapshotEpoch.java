package io.tributary.source.mongodb.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.source.mongodb.ChangeStreamPosition;

/**
 * A snapshot epoch: the cluster time when it opened. Chunks are read with plain queries after it,
 * so every change up to it is in them; nothing is held open on the server.
 */
public record MongoSnapshotEpoch(ChangeStreamPosition marker) implements SnapshotEpoch<ChangeStreamPosition> {
    public MongoSnapshotEpoch {
        requireNonNull(marker, "marker is null");
    }

    @Override
    public String handle() {
        return "cluster time " + marker;
    }

    @Override
    public void close() {}
}
