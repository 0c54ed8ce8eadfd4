package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where the engine starts after a snapshot read as of SCN {@code snapshotScn}: it must stream every
 * transaction committed after that SCN, each exactly once, and none committed at or before it
 * (the snapshot holds those). As Debezium's offset (ENGINE-NOTES.md §2):
 * <ul>
 * <li>{@code scn} and {@code snapshot_scn} are X, so mining starts at the earliest start of the
 * transactions open at X;
 * <li>{@code snapshot_pending_tx} lists those transactions, whose changes before X are kept;
 * <li>{@code commit_scn} says, for every redo thread, that commits up to X are already handled.
 * A thread missing from it would have its commits at or before X emitted again, so every thread
 * of V$THREAD is listed.
 * </ul>
 *
 * @param snapshotScn the SCN the snapshot was read as of (X)
 * @param openTransactions the transactions open at X (V$TRANSACTION at X)
 * @param redoThreads the database's redo thread numbers (V$THREAD.THREAD#), one for a single instance
 */
public record HandoffOffset(long snapshotScn, List<OpenTransaction> openTransactions, SortedSet<Integer> redoThreads) {
    public HandoffOffset {
        if (snapshotScn < 0) {
            throw new IllegalArgumentException("an SCN is 0 or more, not " + snapshotScn);
        }
        openTransactions = List.copyOf(requireNonNull(openTransactions, "openTransactions is null"));
        for (OpenTransaction transaction : openTransactions) {
            if (transaction.startScn() > snapshotScn) {
                throw new IllegalArgumentException("transaction " + transaction.id() + " starts at SCN " + transaction.startScn()
                        + ", so it was not open at SCN " + snapshotScn);
            }
        }
        redoThreads = new TreeSet<>(requireNonNull(redoThreads, "redoThreads is null"));
        if (redoThreads.isEmpty()) {
            throw new IllegalArgumentException("a database has at least one redo thread");
        }
        if (redoThreads.first() < 1) {
            throw new IllegalArgumentException("redo thread numbers start at 1: " + redoThreads);
        }
        redoThreads = Collections.unmodifiableSortedSet(redoThreads);
    }

    /**
     * A transaction open at the snapshot SCN.
     *
     * @param id its id as Debezium writes it (V$TRANSACTION's XID in hex)
     * @param startScn the SCN it started at (V$TRANSACTION.START_SCN)
     */
    public record OpenTransaction(String id, long startScn) {
        public OpenTransaction {
            requireNonNull(id, "id is null");
            if (id.isBlank() || id.contains(":") || id.contains(",")) {
                throw new IllegalArgumentException("not a transaction id: '" + id + "'");
            }
            if (startScn < 0) {
                throw new IllegalArgumentException("an SCN is 0 or more, not " + startScn);
            }
        }
    }

    /** The offset the engine starts from. */
    public EngineOffset engineOffset() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("scn", Long.toString(snapshotScn));
        values.put("snapshot_scn", Long.toString(snapshotScn));
        // Handled up to X on each thread: the first commit to emit is at X + 1, with no transaction at that SCN emitted yet.
        values.put("commit_scn", redoThreads.stream().map(thread -> (snapshotScn + 1) + ":" + thread + ":").collect(Collectors.joining(",")));
        if (!openTransactions.isEmpty()) {
            values.put("snapshot_pending_tx", openTransactions.stream().map(t -> t.id() + ":" + t.startScn()).collect(Collectors.joining(",")));
        }
        return new EngineOffset(values);
    }
}
