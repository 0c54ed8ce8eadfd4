package io.tributary.core.source.reader;

import java.util.TreeMap;

/**
 * How many stream records the reader emitted, and how many of those a completed checkpoint holds.
 * The fetcher holds back a schema change until every row change before it is durable, so that a
 * restart never replays rows written under the old schema into a target already changed by it
 * (e.g. into a column renamed meanwhile). The emitter and checkpoint callbacks run on the
 * reader's main thread, the fetcher on its own.
 */
final class StreamDurability {
    private final TreeMap<Long, Long> emittedAtCheckpoint = new TreeMap<>();
    private long emitted;
    private long durable;

    /** Main thread: one more stream record was emitted. */
    synchronized void emitted() {
        emitted++;
    }

    /** Main thread: a checkpoint is taken now. */
    synchronized void checkpointTaken(long checkpointId) {
        emittedAtCheckpoint.put(checkpointId, emitted);
    }

    /** Main thread: a checkpoint completed; what it holds is durable. */
    synchronized void checkpointCompleted(long checkpointId) {
        var completed = emittedAtCheckpoint.headMap(checkpointId, true);
        if (!completed.isEmpty()) {
            durable = Math.max(durable, completed.lastEntry().getValue());
            completed.clear();
            notifyAll();
        }
    }

    /** Fetcher: waits at most {@code millis} until {@code records} emitted records are durable; true when they are. */
    synchronized boolean awaitDurable(long records, long millis) throws InterruptedException {
        if (durable < records) {
            wait(millis);
        }
        return durable >= records;
    }
}
