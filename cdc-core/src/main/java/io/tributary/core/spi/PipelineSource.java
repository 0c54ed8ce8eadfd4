package io.tributary.core.spi;

import io.tributary.core.model.Event;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.connector.source.Source;

/** A configured source: checks its database and builds the Flink source that reads it. */
public interface PipelineSource extends Serializable {
    /**
     * Connects and checks everything a run needs (reachability, credentials, server settings,
     * privileges, matching tables, supported types) without changing the database.
     *
     * @throws io.tributary.core.error.TributaryException naming the problem and what to do
     */
    ValidationReport validate();

    /**
     * The Flink source, resuming after a crash as the sink's {@code recovery} needs: without a
     * repeated change for a sink that rolls back, by replaying for one where replays converge.
     */
    Source<Event, ?, ?> createFlinkSource(SinkRecovery sinkRecovery);

    /** True when the source ends by itself (snapshot-only mode). */
    boolean isBounded();

    /**
     * For {@code tributary drop}: removes from the source server what this pipeline created there
     * for its change stream (a replication slot, a publication) and nothing it did not create.
     * Returns one line per thing removed or deliberately left alone.
     *
     * @throws io.tributary.core.error.TributaryException (STATE_IN_USE) when something still streams from it
     */
    default List<String> drop() {
        return List.of();
    }

    /**
     * Called once the pipeline stopped for good (a user's stop, or a bounded run's end): releases
     * what the source holds on its server for the change stream when its options ask for that
     * (e.g. {@code slot.drop-on-stop}). Returns one line per thing released; when any, the run's
     * checkpoints can no longer resume and the runner removes them.
     */
    default List<String> releaseOnStop() {
        return List.of();
    }
}
