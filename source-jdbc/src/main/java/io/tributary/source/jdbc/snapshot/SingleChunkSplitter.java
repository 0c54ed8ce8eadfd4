package io.tributary.source.jdbc.snapshot;

import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.split.ChunkRange;
import java.util.Optional;

/** The whole table as one chunk: for tables without a chunk key, which have no order to cut by. */
final class SingleChunkSplitter implements ChunkSplitter {
    private boolean done;

    @Override
    public Optional<ChunkRange> next() {
        if (done) {
            return Optional.empty();
        }
        done = true;
        return Optional.of(ChunkRange.all());
    }

    @Override
    public void close() {}
}
