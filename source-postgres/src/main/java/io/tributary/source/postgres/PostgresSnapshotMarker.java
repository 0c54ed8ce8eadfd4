package io.tributary.source.postgres;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The transaction snapshot a snapshot epoch reads under, as {@code pg_current_snapshot()} reports
 * it, with 64-bit transaction ids: transactions below {@code xmin} had finished, those from
 * {@code xmax} on had not started, and {@code xip} lists those in between still running.
 *
 * @param xmin lowest transaction id still running
 * @param xmax one past the highest finished transaction id
 * @param xip the running transaction ids, ascending, each in {@code [xmin, xmax)}
 */
public record PostgresSnapshotMarker(long xmin, long xmax, long[] xip) implements Serializable {
    public PostgresSnapshotMarker {
        if (xmin < 0 || xmax < xmin) {
            throw new IllegalArgumentException("invalid snapshot " + xmin + ":" + xmax);
        }
        xip = xip.clone();
        Arrays.sort(xip);
        for (long xid : xip) {
            if (xid < xmin || xid >= xmax) {
                throw new IllegalArgumentException("running transaction " + xid + " outside " + xmin + ":" + xmax);
            }
        }
    }

    /** Parses {@code pg_current_snapshot()::text} (or {@code txid_current_snapshot()::text}): {@code xmin:xmax:xip,xip}. */
    public static PostgresSnapshotMarker parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a transaction snapshot: " + text);
        }
        long[] running = parts[2].isEmpty() ? new long[0] : Arrays.stream(parts[2].split(",")).mapToLong(Long::parseLong).toArray();
        return new PostgresSnapshotMarker(Long.parseLong(parts[0]), Long.parseLong(parts[1]), running);
    }

    /**
     * {@link #isVisible} for a transaction id as pgoutput reports it: 32 bits, without the epoch.
     * It is taken as the 64-bit id closest to this snapshot's {@code xmax}, which a transaction the
     * stream returns while this snapshot is in use is well within 2^31 of.
     */
    public boolean isVisibleServerId(long xid32) {
        long epoch = 1L << 32;
        long candidate = (xmax & ~(epoch - 1)) | (xid32 & (epoch - 1));
        if (candidate - xmax > epoch / 2 && candidate >= epoch) {
            candidate -= epoch;
        } else if (xmax - candidate > epoch / 2) {
            candidate += epoch;
        }
        return isVisible(candidate);
    }

    /** Whether the changes of (top-level) transaction {@code xid} are visible in this snapshot, once committed. */
    public boolean isVisible(long xid) {
        return xid < xmin || (xid < xmax && Arrays.binarySearch(xip, xid) < 0);
    }

    @Override
    public long[] xip() {
        return xip.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostgresSnapshotMarker that && xmin == that.xmin && xmax == that.xmax && Arrays.equals(xip, that.xip);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(xmin) + Long.hashCode(xmax)) + Arrays.hashCode(xip);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(xmin).append(':').append(xmax).append(':');
        for (int i = 0; i < xip.length; i++) {
            sb.append(i == 0 ? "" : ",").append(xip[i]);
        }
        return sb.toString();
    }
}
