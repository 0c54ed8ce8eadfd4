package io.tributary.core.source.reader;

import io.tributary.core.model.TableId;
import io.tributary.core.source.split.ReadAgain;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the stream's fetcher hands the emitter while it reads a table again (a re-snapshot), in
 * order with the stream's records, and the requests the reader's task thread passes the fetcher.
 */
final class ReadAgainRecords {
    private ReadAgainRecords() {}

    /** A row of a table read again, read under a view opened when its chunk began. */
    record Row(long requestId, TableId tableId, Object[] values, long readTimestampMillis) {}

    /** The table is read to its end, or given up for {@code problem}. */
    record Done(long requestId, TableId tableId, Optional<String> problem) {}

    /** Requests from the enumerator, handed from the reader's task thread to its fetcher. */
    static final class Requests {
        private final Queue<ReadAgain> queue = new ConcurrentLinkedQueue<>();

        void add(List<ReadAgain> tables) {
            queue.addAll(tables);
        }

        /** Moves every request so far into {@code into}, in order. */
        void drainTo(Collection<ReadAgain> into) {
            for (ReadAgain next = queue.poll(); next != null; next = queue.poll()) {
                into.add(next);
            }
        }
    }
}
