package io.tributary.source.postgres.stream;

import io.tributary.source.postgres.PostgresSnapshotMarker;

/**
 * The transactions whose changes the stream returned since a view last held them all. The server
 * sends a transaction once its commit record is flushed, which can be before the transaction is
 * visible to a new snapshot (a synchronous standby's acknowledgement is awaited in between): a
 * chunk read beside the stream under such a snapshot would hold rows older than changes already
 * emitted. A view is used only once it holds every one of these.
 *
 * <p>Bounded: only the last {@value #CAPACITY} are kept; a transaction that many transactions old
 * has long been visible.
 */
final class EmittedTransactions {
    static final int CAPACITY = 4096;

    private final long[] xids = new long[CAPACITY];
    private int count;
    private int next;
    private long lastAdded = -1;

    /** A change of transaction {@code xid} was returned. */
    void add(long xid) {
        if (xid == lastAdded) {
            return; // the transaction's earlier changes recorded it
        }
        lastAdded = xid;
        xids[next] = xid;
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
    }

    /** Whether {@code view} holds every transaction returned since the last time this answered true. */
    boolean allVisibleIn(PostgresSnapshotMarker view) {
        for (int i = 1; i <= count; i++) {
            if (!view.isVisible(xids[Math.floorMod(next - i, CAPACITY)])) {
                return false;
            }
        }
        count = 0;
        return true;
    }
}
