package io.tributary.source.oracle;

import static java.util.Objects.requireNonNull;

import io.tributary.source.oracle.stream.EngineOffset;
import java.io.Serializable;

/**
 * A place in the stream of committed changes the redo log yields, in the order they are emitted:
 * transactions in commit order, each transaction's changes in redo order. Several transactions can
 * commit at one SCN, so a commit is named by its SCN and its place among the commits of that SCN
 * in the redo (which mining the same logs again finds in the same order); a change by its place
 * in its transaction.
 *
 * <p>A position also carries where mining must start again to find that place: the lowest SCN
 * at which a transaction still open there began (its changes are in the redo before its commit).
 * That SCN does not take part in the order.
 *
 * @param resumeScn where mining starts again to reach this position: at most {@code commitScn}
 * @param commitScn the commit SCN of the transaction of the next change to emit
 * @param commitIndex how many commits at {@code commitScn} come before that transaction's in the redo
 * @param changesEmitted how many changes of that transaction are already emitted
 * @param engineOffset the log reader's own offset at this place (Debezium's {@code scn}, {@code commit_scn},
 *     {@code txId}, {@code txSeq}, ...), which resumes it here; not part of the order. Empty only in
 *     positions written before the stream existed.
 */
public record RedoPosition(long resumeScn, long commitScn, int commitIndex, long changesEmitted, EngineOffset engineOffset) implements Comparable<RedoPosition>, Serializable {
    public RedoPosition {
        requireNonNull(engineOffset, "engineOffset is null");
        if (resumeScn < 0 || commitScn < 0 || commitIndex < 0 || changesEmitted < 0) {
            throw new IllegalArgumentException("a redo position has no negative parts: " + resumeScn + "/" + commitScn + "/" + commitIndex
                    + "/" + changesEmitted);
        }
        if (resumeScn > commitScn) {
            throw new IllegalArgumentException("mining must resume at or before commit SCN " + commitScn + ", not at " + resumeScn);
        }
    }

    /** A position without the log reader's offset, as version 1 of the encoding wrote it. */
    public RedoPosition(long resumeScn, long commitScn, int commitIndex, long changesEmitted) {
        this(resumeScn, commitScn, commitIndex, changesEmitted, EngineOffset.NONE);
    }

    /** The position before every transaction committed after {@code scn}: where a stream starting at that SCN begins. */
    public static RedoPosition after(long scn) {
        return new RedoPosition(scn + 1, scn + 1, 0, 0);
    }

    /** The position before every transaction committed after {@code scn}, where the log reader starts from {@code engineOffset}. */
    public static RedoPosition after(long scn, EngineOffset engineOffset) {
        return new RedoPosition(scn + 1, scn + 1, 0, 0, engineOffset);
    }

    /** This place in the order, where the log reader resumes from {@code offset}. */
    public RedoPosition withEngineOffset(EngineOffset offset) {
        return new RedoPosition(resumeScn, commitScn, commitIndex, changesEmitted, offset);
    }

    /** Whether this position carries the log reader's offset (positions of encoding version 1 do not). */
    public boolean hasEngineOffset() {
        return !engineOffset.values().isEmpty();
    }

    @Override
    public int compareTo(RedoPosition other) {
        int byScn = Long.compare(commitScn, other.commitScn);
        if (byScn != 0) {
            return byScn;
        }
        int byCommit = Integer.compare(commitIndex, other.commitIndex);
        return byCommit != 0 ? byCommit : Long.compare(changesEmitted, other.changesEmitted);
    }

    @Override
    public String toString() {
        return "SCN " + commitScn + (commitIndex == 0 ? "" : " commit #" + commitIndex) + (changesEmitted == 0 ? "" : " +" + changesEmitted + " changes")
                + " (resume mining at SCN " + resumeScn + ")";
    }
}
