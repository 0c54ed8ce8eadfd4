package io.tributary.core.source.reader;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.ChunkReader;
import java.util.function.Supplier;

/**
 * The reader subtask's one chunk reader (and so its one snapshot connection), opened on first
 * use and kept across the fetcher threads Flink starts and retires, closed with the reader.
 */
final class SharedChunkReader<M> implements AutoCloseable {
    private final Supplier<ChunkReader<M>> opener;
    private ChunkReader<M> reader;

    SharedChunkReader(Supplier<ChunkReader<M>> opener) {
        this.opener = requireNonNull(opener, "opener is null");
    }

    synchronized ChunkReader<M> get() {
        if (reader == null) {
            reader = opener.get();
        }
        return reader;
    }

    @Override
    public synchronized void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
