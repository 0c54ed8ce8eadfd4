package io.tributary.source.postgres;

import java.io.Serializable;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Where the change stream resumes: every transaction whose commit record starts before
 * {@code lsn} has been emitted completely, and of the transaction whose commit record starts
 * exactly at {@code lsn} (if there is one) the first {@code changesEmitted} changes have been.
 *
 * <p>pgoutput (protocol 1) sends each transaction whole, in commit order, and names it by the
 * LSN of its commit record, so this is exact. The reader's records carry:
 *
 * <ul>
 *   <li>after the k-th change of the transaction committed at C: {@code (C, k)}. A change is one
 *       INSERT, UPDATE or DELETE message, or one table of a TRUNCATE message, whether it was
 *       emitted or dropped because the snapshot already holds it;
 *   <li>after its COMMIT: {@code (end of the commit record, 0)};
 *   <li>while idle: {@code (W, 0)} where W is the WAL position of the server's latest keepalive;
 *       the server sends it only after sending every transaction committed before W.
 * </ul>
 *
 * After a restart the reader streams from the slot, skips transactions committed before
 * {@code lsn} and the first {@code changesEmitted} changes of the one committed at {@code lsn}.
 * Acknowledging a position confirms {@code lsn} to the slot, which then never sends again a
 * transaction committed before it, and nothing the position does not cover.
 *
 * @param lsn a WAL position (unsigned 64-bit)
 * @param changesEmitted changes already handled of the transaction committed at {@code lsn}
 */
public record PostgresPosition(long lsn, long changesEmitted) implements Comparable<PostgresPosition>, Serializable {
    public PostgresPosition {
        if (changesEmitted < 0) {
            throw new IllegalArgumentException("changesEmitted is negative: " + changesEmitted);
        }
    }

    /** The position before every transaction committed at or after {@code lsn}. */
    public static PostgresPosition at(long lsn) {
        return new PostgresPosition(lsn, 0);
    }

    @Override
    public int compareTo(PostgresPosition other) {
        int c = Long.compareUnsigned(lsn, other.lsn);
        return c != 0 ? c : Long.compare(changesEmitted, other.changesEmitted);
    }

    public boolean isAfter(PostgresPosition other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return LogSequenceNumber.valueOf(lsn).asString() + (changesEmitted == 0 ? "" : "+" + changesEmitted);
    }
}
