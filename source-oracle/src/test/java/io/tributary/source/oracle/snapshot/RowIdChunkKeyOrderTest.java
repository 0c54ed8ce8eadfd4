package io.tributary.source.oracle.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.split.ChunkRange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowIdChunkKeyOrderTest {
    private final ChunkKeyOrder order = new RowIdChunkKeyOrder();

    @Test
    void boundsAreTheRowidTextAsTheLogGivesIt() {
        assertThat(order.boundOf(new Object[] {"AAAPecAAFAAAABSAAA"})).containsExactly("AAAPecAAFAAAABSAAA");
        assertThat(order.boundOf(new Object[] {new RowId(63_388, 5, 82, 0)})).containsExactly("AAAPecAAFAAAABSAAA");
    }

    /**
     * Each pair differs in one digit only, where string order and ROWID order disagree: 'z' (51)
     * against '0' (52), '9' (61) against '+' (62), 'A' (0) against '/' (63).
     */
    @Test
    void ordersByRowidWhereStringOrderIsWrong() {
        String[][] lowerThenHigher = {
                {"AAAPecAAFAAAABzAAA", "AAAPecAAFAAAAB0AAA"},
                {"AAAPecAAFAAAAB9AAA", "AAAPecAAFAAAAB+AAA"},
                {"AAAPecAAFAAAABAAAA", "AAAPecAAFAAAAB/AAA"},
                {"AAAPezAAFAAAABSAAA", "AAAPe0AAAAAAAAAAAA"},
        };
        for (String[] pair : lowerThenHigher) {
            assertThat(pair[0].compareTo(pair[1])).as("string order of %s, %s", pair[0], pair[1]).isPositive();
            assertThat(order.compare(new Object[] {pair[0]}, new Object[] {pair[1]})).as("%s < %s", pair[0], pair[1]).isNegative();
            assertThat(order.compare(new Object[] {pair[1]}, new Object[] {pair[0]})).isPositive();
        }
        assertThat(order.compare(new Object[] {"AAAPecAAFAAAABSAAA"}, new Object[] {"AAAPecAAFAAAABSAAA"})).isZero();
    }

    /** A change the log reports in block 63 ('/') belongs after a boundary at block 52 ('0'), not before it. */
    @Test
    void findsTheChunkOfAStreamedChangeAmongRanges() {
        List<ChunkRange> ranges = RowIdRanges.cut(List.of(new RowIdRanges.Extent(63_388, 5, 0, 104)), 52);
        assertThat(ranges).containsExactly(
                ChunkRange.of(Optional.empty(), Optional.of(new Object[] {"AAAPecAAFAAAAA0AAA"})),
                ChunkRange.of(Optional.of(new Object[] {"AAAPecAAFAAAAA0AAA"}), Optional.empty()));

        assertThat(RowIdRangesTest.rangesHolding(ranges, RowId.parse("AAAPecAAFAAAAA/AAA"))).containsExactly(1);
        assertThat(RowIdRangesTest.rangesHolding(ranges, RowId.parse("AAAPecAAFAAAAAzAAA"))).containsExactly(0);
    }

    @Test
    void survivesJavaSerializationAsCheckpointedStateDoes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(order);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Object read = in.readObject();
            assertThat(read).isEqualTo(order);
            assertThat(((ChunkKeyOrder) read).compare(new Object[] {"AAAAAAAAAAAAAAAAAz"}, new Object[] {"AAAAAAAAAAAAAAAAA0"})).isNegative();
        }
    }

    @Test
    void refusesKeysThatAreNotOneRowidText() {
        assertThatThrownBy(() -> order.boundOf(new Object[] {"AAAPecAAFAAAABSAA#"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AAAPecAAFAAAABSAA#' is not an Oracle extended ROWID");
        assertThatThrownBy(() -> order.boundOf(new Object[] {42L}))
                .hasMessageContaining("its text (ROWIDTOCHAR(ROWID)), not java.lang.Long 42");
        assertThatThrownBy(() -> order.boundOf(new Object[] {null})).hasMessageContaining("not null");
        assertThatThrownBy(() -> order.compare(new Object[] {"AAAPecAAFAAAABSAAA", 1}, new Object[] {"AAAPecAAFAAAABSAAA"}))
                .hasMessageContaining("one value, not 2");
    }
}
