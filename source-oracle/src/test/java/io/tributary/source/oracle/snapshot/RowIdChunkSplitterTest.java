package io.tributary.source.oracle.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowIdChunkSplitterTest {
    private static final List<RowIdRanges.Extent> EXTENTS = List.of(new RowIdRanges.Extent(73196, 4, 128, 8),
            new RowIdRanges.Extent(73196, 4, 136, 8), new RowIdRanges.Extent(73196, 4, 256, 16));

    @Test
    void aFreshSplitHandsOutEveryRangeInRowidOrder() {
        List<ChunkRange> ranges = drain(new RowIdChunkSplitter(EXTENTS, 8, Optional.empty()));

        assertThat(ranges).isEqualTo(RowIdRanges.cut(EXTENTS, 8));
        assertThat(ranges.get(0).lower()).isEmpty();
        assertThat(ranges.get(ranges.size() - 1).upper()).isEmpty();
    }

    @Test
    void aResumedSplitStartsExactlyWhereTheLastRangeMadeEndedEvenAfterTheTableGrew() {
        List<ChunkRange> before = RowIdRanges.cut(EXTENTS, 8);
        Object[] madeUpTo = before.get(1).upper().orElseThrow().key();
        List<RowIdRanges.Extent> grown = new ArrayList<>(EXTENTS);
        grown.add(new RowIdRanges.Extent(73196, 4, 512, 32));

        List<ChunkRange> after = drain(new RowIdChunkSplitter(grown, 8, Optional.of(madeUpTo)));

        assertThat(after.get(0).lower().map(KeyBound::key).orElseThrow()).containsExactly(madeUpTo);
        assertThat(after.get(after.size() - 1).upper()).isEmpty();
        for (int i = 1; i < after.size(); i++) {
            assertThat(after.get(i).lower().orElseThrow().key()).as("ranges meet").containsExactly(after.get(i - 1).upper().orElseThrow().key());
        }
        RowIdChunkKeyOrder order = new RowIdChunkKeyOrder();
        assertThat(after).allSatisfy(range -> range.upper().ifPresent(upper -> assertThat(order.compare(upper.key(), madeUpTo)).isPositive()));
    }

    private static List<ChunkRange> drain(RowIdChunkSplitter splitter) {
        List<ChunkRange> ranges = new ArrayList<>();
        for (Optional<ChunkRange> next = splitter.next(); next.isPresent(); next = splitter.next()) {
            ranges.add(next.get());
        }
        return ranges;
    }
}
