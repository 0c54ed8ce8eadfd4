package io.tributary.source.postgres;

import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.SnapshotCoverage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A coverage the test spells out: per table, key ranges {@code [lower, upper)} and the marker each was read under. */
final class FixedSnapshotCoverage implements SnapshotCoverage<PostgresSnapshotMarker> {
    private record Part(TableId tableId, Optional<Object[]> lower, Optional<Object[]> upper, PostgresSnapshotMarker marker, Comparator<Object[]> order) {}

    private final List<Part> parts = new ArrayList<>();
    private final Map<TableId, ChunkKey> chunkKeys = new HashMap<>();

    static FixedSnapshotCoverage none() {
        return new FixedSnapshotCoverage();
    }

    /** Everything of {@code tableId} was read under {@code marker}. */
    FixedSnapshotCoverage whole(TableId tableId, PostgresSnapshotMarker marker) {
        return range(tableId, Optional.empty(), Optional.empty(), marker, (a, b) -> 0);
    }

    /** Rows of {@code table} with chunk keys in {@code [lower, upper)} were read under {@code marker}. */
    FixedSnapshotCoverage range(CapturedTable table, Optional<Object[]> lower, Optional<Object[]> upper, PostgresSnapshotMarker marker,
            Comparator<Object[]> order) {
        chunkKeys.put(table.tableId(), table.chunkKey());
        return range(table.tableId(), lower, upper, marker, order);
    }

    private FixedSnapshotCoverage range(TableId tableId, Optional<Object[]> lower, Optional<Object[]> upper, PostgresSnapshotMarker marker,
            Comparator<Object[]> order) {
        parts.add(new Part(tableId, lower, upper, marker, order));
        return this;
    }

    @Override
    public ChunkKey chunkKey(TableId tableId) {
        return chunkKeys.getOrDefault(tableId, ChunkKey.none());
    }

    @Override
    public boolean readAnyOf(TableId tableId) {
        return parts.stream().anyMatch(p -> p.tableId().equals(tableId));
    }

    @Override
    public Collection<PostgresSnapshotMarker> markers() {
        LinkedHashSet<PostgresSnapshotMarker> markers = new LinkedHashSet<>();
        parts.forEach(p -> markers.add(p.marker()));
        return List.copyOf(markers);
    }

    @Override
    public Optional<PostgresSnapshotMarker> markerFor(TableId tableId, Object[] chunkKey) {
        for (Part part : parts) {
            if (part.tableId().equals(tableId)
                    && part.lower().map(l -> part.order().compare(chunkKey, l) >= 0).orElse(true)
                    && part.upper().map(u -> part.order().compare(chunkKey, u) < 0).orElse(true)) {
                return Optional.of(part.marker());
            }
        }
        return Optional.empty();
    }
}
