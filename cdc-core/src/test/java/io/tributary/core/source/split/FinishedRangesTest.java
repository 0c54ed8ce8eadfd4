package io.tributary.core.source.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.KeyComparators;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How finished chunks fold into ranges. */
class FinishedRangesTest {
    private static final TableId ORDERS = TableId.of("shop", "public", "orders");
    private static final EncodedValue EPOCH_1 = new EncodedValue(1, new byte[] {1});
    private static final EncodedValue EPOCH_2 = new EncodedValue(1, new byte[] {2});

    private final FinishedRanges ranges = new FinishedRanges(table -> KeyComparators.natural());

    @Test
    void chunksOfOneEpochFinishingInAnyOrderFoldIntoTheWholeTable() {
        assertThat(ranges.add(chunk(2, 3, 1, EPOCH_1))).isTrue();
        assertThat(ranges.add(chunk(null, 1, 1, EPOCH_1))).isTrue();
        assertThat(ranges.list()).as("a gap between [..1) and [2..3)").hasSize(2);
        ranges.add(chunk(3, null, 1, EPOCH_1));
        ranges.add(chunk(1, 2, 1, EPOCH_1));

        assertThat(ranges.list()).singleElement().satisfies(range -> {
            assertThat(range.range().isWholeTable()).isTrue();
            assertThat(range.rows()).isEqualTo(40);
            assertThat(range.chunks()).isEqualTo(4);
        });
        assertThat(ranges.size()).isEqualTo(1);
    }

    @Test
    void aTableReadAgainStartsFromNoRangeAndItsNewChunksAloneCount() {
        ranges.add(chunk(null, 1, 1, EPOCH_1));
        ranges.add(chunk(1, null, 1, EPOCH_1));

        ranges.removeTables(java.util.Set.of(ORDERS));
        assertThat(ranges.list()).isEmpty();
        assertThat(ranges.size()).isZero();
        assertThat(ranges.add(chunk(null, 1, 2, EPOCH_2))).as("a chunk the old ranges covered counts again").isTrue();
        assertThat(ranges.list()).singleElement().satisfies(range -> assertThat(range.marker()).isEqualTo(EPOCH_2));
    }

    @Test
    void aReportSentAgainChangesNothing() {
        ranges.add(chunk(null, 1, 1, EPOCH_1));
        ranges.add(chunk(1, 2, 1, EPOCH_1));

        assertThat(ranges.add(chunk(1, 2, 1, EPOCH_1))).isFalse();
        assertThat(ranges.list()).singleElement().satisfies(range -> assertThat(range.rows()).isEqualTo(20));
    }

    @Test
    void chunksOfDifferentEpochsFoldOnlyOnceTheStreamIsPastBothKeepingTheOldest() {
        ranges.add(chunk(null, 1, 2, EPOCH_2));
        ranges.add(chunk(1, 2, 1, EPOCH_1));
        ranges.add(chunk(2, null, 2, EPOCH_2));
        assertThat(ranges.list()).hasSize(3);

        ranges.streamPast(range -> range.marker().equals(EPOCH_1));
        assertThat(ranges.list()).as("the epoch-2 chunks are still decided by their marker").hasSize(3);

        ranges.streamPast(range -> true);
        assertThat(ranges.list()).singleElement().satisfies(range -> {
            assertThat(range.range().isWholeTable()).isTrue();
            assertThat(range.streamPast()).isTrue();
            assertThat(range.epochId()).isEqualTo(1);
            assertThat(range.marker()).isEqualTo(EPOCH_1);
            assertThat(range.chunks()).isEqualTo(3);
        });
    }

    @Test
    void aPartEndingInsideItsChunkIsNotCountedAsAChunk() {
        ChunkRange chunk = ChunkRange.of(Optional.of(new Object[] {10L}), Optional.of(new Object[] {20L}));
        FinishedRange first = FinishedRange.of(new FinishedChunk("orders#1", ORDERS, chunk.upTo(new Object[] {15L}), 1, EPOCH_1, 6));
        FinishedRange rest = FinishedRange.of(new FinishedChunk("orders#1", ORDERS, chunk.after(new Object[] {15L}), 2, EPOCH_2, 4));
        ranges.add(first);
        ranges.add(rest);

        assertThat(ranges.list()).extracting(FinishedRange::chunks).containsExactly(0, 1);
        ranges.streamPast(range -> true);
        assertThat(ranges.list()).singleElement().satisfies(range -> {
            assertThat(range.range()).isEqualTo(chunk);
            assertThat(range.chunks()).isEqualTo(1);
            assertThat(range.rows()).isEqualTo(10);
        });
    }

    private static FinishedRange chunk(Integer lower, Integer upper, int epochId, EncodedValue marker) {
        ChunkRange range = ChunkRange.of(Optional.ofNullable(lower).map(k -> new Object[] {(long) k}),
                Optional.ofNullable(upper).map(k -> new Object[] {(long) k}));
        return new FinishedRange(ORDERS, range, epochId, marker, 10, 1, false);
    }
}
