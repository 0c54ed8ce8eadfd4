package io.tributary.core.source.event;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Reader → enumerator: this reader restored the stream split from its checkpoint and streams these
 * tables (tables created while streaming among them). Its stream waits for a
 * {@link StreamReleaseEvent} before it reads on.
 */
public record StreamRestoredEvent(Set<TableId> tables) implements SourceEvent {
    public StreamRestoredEvent {
        tables = Set.copyOf(requireNonNull(tables, "tables is null"));
    }
}
