package io.tributary.core.source.event;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.split.FinishedChunk;
import java.util.List;
import org.apache.flink.api.connector.source.SourceEvent;

/** Reader → enumerator: these chunks (or chunk parts) have been emitted. */
public record ChunksFinishedEvent(List<FinishedChunk> chunks) implements SourceEvent {
    public ChunksFinishedEvent {
        chunks = List.copyOf(requireNonNull(chunks, "chunks is null"));
    }
}
