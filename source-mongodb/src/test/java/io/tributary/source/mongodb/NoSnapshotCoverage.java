package io.tributary.source.mongodb;

import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.SnapshotCoverage;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The coverage of a stream that started without a snapshot: no chunk covers any change. */
public final class NoSnapshotCoverage implements SnapshotCoverage<ChangeStreamPosition> {
    @Override
    public Collection<ChangeStreamPosition> markers() {
        return List.of();
    }

    @Override
    public Optional<ChangeStreamPosition> markerFor(TableId tableId, Object[] chunkKey) {
        return Optional.empty();
    }

    @Override
    public ChunkKey chunkKey(TableId tableId) {
        return ChunkKey.none();
    }
}
