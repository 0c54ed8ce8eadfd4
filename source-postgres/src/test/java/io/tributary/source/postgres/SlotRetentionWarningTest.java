package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.source.postgres.stream.ReplicationSlot;
import org.junit.jupiter.api.Test;

class SlotRetentionWarningTest {
    private static ReplicationSlot slot(boolean active, long lagBytes) {
        return new ReplicationSlot("orders_slot", "pgoutput", "shop", 0, false, active, lagBytes);
    }

    @Test
    void warnsAboutAnIdleSlotHoldingMoreThanAGibibyteOfWal() {
        assertThat(PostgresSourceValidator.retentionWarning(slot(false, 3L << 30)))
                .hasValue("warning: replication slot orders_slot is not in use and keeps 3.0 GiB of WAL on the server's disk; start the pipeline"
                        + " so that it catches up, or remove it with 'tributary drop' if the pipeline is gone");
    }

    @Test
    void staysQuietForASlotInUseOrHoldingLittle() {
        assertThat(PostgresSourceValidator.retentionWarning(slot(true, 5L << 30))).isEmpty();
        assertThat(PostgresSourceValidator.retentionWarning(slot(false, 1L << 30))).isEmpty();
    }
}
