package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.io.Serializable;

/**
 * A key range of a table whose rows were emitted, the snapshot epoch (id and marker) they were
 * read under, and how many rows it held. A chunk read across a restart is reported as several
 * parts.
 */
public record FinishedChunk(String splitId, TableId tableId, ChunkRange range, int epochId, EncodedValue marker, long rows) implements Serializable {
    public FinishedChunk {
        requireNonNull(splitId, "splitId is null");
        requireNonNull(tableId, "tableId is null");
        requireNonNull(range, "range is null");
        requireNonNull(marker, "marker is null");
    }
}
