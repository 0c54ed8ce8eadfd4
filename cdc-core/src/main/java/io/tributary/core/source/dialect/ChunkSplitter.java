package io.tributary.core.source.dialect;

import io.tributary.core.source.split.ChunkRange;
import java.util.Optional;

/**
 * Cuts one table into key-range chunks, in key order, lazily so that splitting a huge table can be
 * checkpointed and interleaved with reading. The ranges it returns must together cover the whole
 * key space without overlap: the first has no lower bound, the last no upper bound.
 */
public interface ChunkSplitter extends AutoCloseable {
    /** The next chunk, or empty when the table is fully split. */
    Optional<ChunkRange> next();

    @Override
    void close();
}
