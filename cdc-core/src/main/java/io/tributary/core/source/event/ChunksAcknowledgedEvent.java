package io.tributary.core.source.event;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.apache.flink.api.connector.source.SourceEvent;

/** Enumerator → readers: a completed checkpoint holds these finished splits; readers may forget them. */
public record ChunksAcknowledgedEvent(Set<String> splitIds) implements SourceEvent {
    public ChunksAcknowledgedEvent {
        splitIds = Set.copyOf(requireNonNull(splitIds, "splitIds is null"));
    }
}
