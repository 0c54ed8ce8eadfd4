package io.tributary.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataChangeEventTest {
    private static final TableId TABLE = TableId.of("shop", "public", "notes");

    @Test
    void theEstimatedSizeGrowsWithTheValuesAndCountsBothImagesOfAnUpdate() {
        String body = "x".repeat(1_000_000);
        DataChangeEvent small = DataChangeEvent.insert(TABLE, new Object[] {1L, "note", new BigDecimal("2.50")}, 0);
        DataChangeEvent large = DataChangeEvent.insert(TABLE, new Object[] {1L, body, new byte[500_000]}, 0);
        DataChangeEvent update = DataChangeEvent.update(TABLE, Optional.of(new Object[] {1L, body, null}), new Object[] {1L, body, null}, 0);

        assertThat(small.estimatedBytes()).isBetween(100L, 1_000L);
        assertThat(large.estimatedBytes()).as("a million characters take two bytes each, plus the byte array")
                .isGreaterThanOrEqualTo(2_500_000L).isLessThan(2_600_000L);
        assertThat(update.estimatedBytes()).isGreaterThanOrEqualTo(4_000_000L);
    }
}
