package io.tributary.core.source.dialect;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import java.util.Optional;

/**
 * One item read from the change log: an event to emit (or none, for heartbeats and changes the
 * snapshot already holds) and the position to resume from once it has been emitted.
 */
public record StreamRecord<P>(Optional<Event> event, P positionAfter) {
    public StreamRecord {
        requireNonNull(event, "event is null");
        requireNonNull(positionAfter, "positionAfter is null");
    }

    public static <P> StreamRecord<P> of(Event event, P positionAfter) {
        return new StreamRecord<>(Optional.of(event), positionAfter);
    }

    public static <P> StreamRecord<P> progress(P positionAfter) {
        return new StreamRecord<>(Optional.empty(), positionAfter);
    }
}
