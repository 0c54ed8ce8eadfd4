package io.tributary.source.postgres.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.split.ChunkRange;
import java.util.Optional;

/**
 * One chunk from {@code lower} (or the table's start) to the table's end: the whole table for
 * tables without a key, empty tables, and keys no index orders by bytes.
 */
final class SingleChunkSplitter implements ChunkSplitter {
    private final Optional<Object[]> lower;
    private boolean done;

    SingleChunkSplitter(Optional<Object[]> lower) {
        this.lower = requireNonNull(lower, "lower is null");
    }

    @Override
    public Optional<ChunkRange> next() {
        if (done) {
            return Optional.empty();
        }
        done = true;
        return Optional.of(ChunkRange.of(lower, Optional.empty()));
    }

    @Override
    public void close() {}
}
