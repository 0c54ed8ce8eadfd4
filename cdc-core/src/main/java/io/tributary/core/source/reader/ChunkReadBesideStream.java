package io.tributary.core.source.reader;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.split.FinishedChunk;

/**
 * On the stream split, after a chunk's last row: the chunk was read beside the stream, under the
 * view its marker names, so the stream split's checkpoints carry it from here on (see
 * {@link ChangesBesideChunks}).
 */
record ChunkReadBesideStream(FinishedChunk part) {
    ChunkReadBesideStream {
        requireNonNull(part, "part is null");
    }
}
