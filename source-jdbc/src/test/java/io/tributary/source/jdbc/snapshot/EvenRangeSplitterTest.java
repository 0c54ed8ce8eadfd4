package io.tributary.source.jdbc.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.TypeKind;
import io.tributary.core.source.split.ChunkRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvenRangeSplitterTest {
    @Test
    void cutsFromMinimumInStepsAndLeavesBothEndsOpen() {
        List<ChunkRange> ranges = all(new EvenRangeSplitter(TypeKind.INTEGER, Optional.empty(), 1, 25, 10));

        assertThat(ranges).containsExactly(
                ChunkRange.of(Optional.empty(), Optional.of(new Object[] {11})),
                ChunkRange.of(Optional.of(new Object[] {11}), Optional.of(new Object[] {21})),
                ChunkRange.of(Optional.of(new Object[] {21}), Optional.empty()));
    }

    @Test
    void resumesAtTheGivenLowerBoundAndKeepsTheKeysJavaType() {
        List<ChunkRange> ranges = all(new EvenRangeSplitter(TypeKind.SMALLINT, Optional.of(21L), 1, 35, 10));

        assertThat(ranges).containsExactly(
                ChunkRange.of(Optional.of(new Object[] {(short) 21}), Optional.of(new Object[] {(short) 31})),
                ChunkRange.of(Optional.of(new Object[] {(short) 31}), Optional.empty()));
    }

    @Test
    void doesNotOverflowNearTheLargestBigint() {
        List<ChunkRange> ranges = all(new EvenRangeSplitter(TypeKind.BIGINT, Optional.empty(), Long.MAX_VALUE - 15, Long.MAX_VALUE, 10));

        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(1).upper()).isEmpty();
    }

    private static List<ChunkRange> all(EvenRangeSplitter splitter) {
        List<ChunkRange> ranges = new ArrayList<>();
        for (Optional<ChunkRange> next = splitter.next(); next.isPresent(); next = splitter.next()) {
            ranges.add(next.get());
        }
        return ranges;
    }
}
