package io.tributary.core.source.dialect;

import java.util.List;

/** Reads the change log from a position; owned by the one reader subtask holding the stream split. */
public interface StreamReader<P> extends AutoCloseable {
    /**
     * Returns the next records, waiting at most a short while (well under a second) when there
     * are none, so that the caller stays responsive to shutdown; may return an empty list.
     */
    List<StreamRecord<P>> poll() throws Exception;

    /**
     * Like {@link #poll()}, but returns what has arrived without waiting for more: called between
     * snapshot chunks read beside the stream, where an idle wait would hold the snapshot up. The
     * default waits as {@link #poll()} does.
     */
    default List<StreamRecord<P>> pollArrived() throws Exception {
        return poll();
    }

    /**
     * Tells the database that everything up to {@code position} is durably delivered, so it may
     * release the log before it. Called only after the checkpoint holding the position completed.
     */
    void acknowledge(P position) throws Exception;

    /**
     * Called from another thread when the reader has other work (a snapshot chunk was assigned):
     * a {@link #poll()} waiting on an idle log should return soon. Best effort; the default does
     * nothing, and the poll returns when its wait ends.
     */
    default void wakeUp() {}

    /**
     * Gauges this reader exposes, by metric name (e.g. {@code tributary_postgres_slot_retained_wal_bytes});
     * they are read from another thread, so they return values the reader keeps up to date.
     */
    default java.util.Map<String, java.util.function.Supplier<Number>> metrics() {
        return java.util.Map.of();
    }

    @Override
    void close();
}
