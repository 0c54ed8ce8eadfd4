package io.tributary.source.postgres.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransactionIdWidenerTest {
    private static final long EPOCH = 1L << 32;

    @Test
    void widensWithinTheReferenceEpoch() {
        TransactionIdWidener widener = new TransactionIdWidener(3 * EPOCH + 1000);

        assertThat(widener.widen(990)).isEqualTo(3 * EPOCH + 990);
        assertThat(widener.widen(2000)).isEqualTo(3 * EPOCH + 2000);
    }

    @Test
    void takesTheClosestValueAcrossAnEpochBoundary() {
        TransactionIdWidener nearEnd = new TransactionIdWidener(4 * EPOCH - 10);
        assertThat(nearEnd.widen(5)).as("wrapped into the next epoch").isEqualTo(4 * EPOCH + 5);

        TransactionIdWidener nearStart = new TransactionIdWidener(4 * EPOCH + 10);
        assertThat(nearStart.widen((int) 0xFFFFFFF0L)).as("an older transaction of the previous epoch").isEqualTo(4 * EPOCH - 16);
    }

    @Test
    void followsTheStreamAcrossManyEpochs() {
        TransactionIdWidener widener = new TransactionIdWidener(1000);
        long xid = 1000;
        for (int i = 0; i < 40; i++) {
            xid += 1L << 30;
            assertThat(widener.widen((int) xid)).isEqualTo(xid);
        }
    }
}
