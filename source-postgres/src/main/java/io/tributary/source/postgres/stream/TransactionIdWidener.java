package io.tributary.source.postgres.stream;

/**
 * Turns the 32-bit transaction ids of pgoutput BEGIN messages into the 64-bit ids snapshots use.
 * Each id is taken as the 64-bit value closest to a reference that starts at the server's next
 * transaction id when the stream opens and follows the stream's newest transaction: every
 * transaction the slot still has to send is within 2^31 of it, because the slot holds back the
 * server's transaction horizon.
 */
final class TransactionIdWidener {
    private static final long EPOCH = 1L << 32;
    private static final long HALF_EPOCH = 1L << 31;

    private long reference;

    TransactionIdWidener(long nextTransactionId) {
        this.reference = nextTransactionId;
    }

    long widen(int xid) {
        long candidate = (reference & ~(EPOCH - 1)) | (xid & (EPOCH - 1));
        if (candidate - reference > HALF_EPOCH && candidate >= EPOCH) {
            candidate -= EPOCH;
        } else if (reference - candidate > HALF_EPOCH) {
            candidate += EPOCH;
        }
        reference = Math.max(reference, candidate);
        return candidate;
    }
}
