package io.tributary.core.spi;

import io.tributary.core.model.Event;
import java.io.Serializable;
import org.apache.flink.api.connector.sink2.Sink;

/** A configured sink: checks its target and builds the Flink sink that writes to it. */
public interface PipelineSink extends Serializable {
    /**
     * Connects and checks what writing needs (reachability, credentials, privileges) without
     * changing the target.
     *
     * @throws io.tributary.core.error.TributaryException naming the problem and what to do
     */
    ValidationReport validate();

    /**
     * The Flink sink. It receives events already routed to their sink table ids, partitioned so
     * that all events of one primary key reach the same subtask in source order, and every
     * schema change event reaches every subtask before the rows that depend on it.
     */
    Sink<Event> createFlinkSink();

    /** How the target recovers from a crash; sources resume to match (see {@link SinkRecovery}). */
    default SinkRecovery recovery() {
        return SinkRecovery.REPLAY_CONVERGES;
    }
}
