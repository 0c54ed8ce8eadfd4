package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.List;
import java.util.Map;

/**
 * The change stream: where to resume, the current schema of every captured table, and the
 * finished snapshot chunks whose markers decide which changes the snapshot already holds.
 */
public record StreamSplit(EncodedValue position, Map<TableId, TableSchema> schemas, List<FinishedChunk> finishedChunks) implements CdcSplit {
    public static final String ID = "stream";

    public StreamSplit {
        requireNonNull(position, "position is null");
        schemas = Map.copyOf(requireNonNull(schemas, "schemas is null"));
        finishedChunks = List.copyOf(requireNonNull(finishedChunks, "finishedChunks is null"));
    }

    @Override
    public String splitId() {
        return ID;
    }
}
