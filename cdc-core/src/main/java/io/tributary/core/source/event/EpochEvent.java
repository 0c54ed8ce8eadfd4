package io.tributary.core.source.event;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.split.EncodedValue;
import org.apache.flink.api.connector.source.SourceEvent;

/** Enumerator → readers: the snapshot epoch to read chunks under from now on. */
public record EpochEvent(int epochId, String handle, EncodedValue marker) implements SourceEvent {
    public EpochEvent {
        requireNonNull(handle, "handle is null");
        requireNonNull(marker, "marker is null");
    }
}
