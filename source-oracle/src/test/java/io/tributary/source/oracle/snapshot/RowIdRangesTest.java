package io.tributary.source.oracle.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import io.tributary.source.oracle.snapshot.RowIdRanges.Extent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RowIdRangesTest {
    private static final RowIdChunkKeyOrder ORDER = new RowIdChunkKeyOrder();
    private static final int LAST_ROW = (1 << 18) - 1;

    @Test
    void cutsOneFilesExtentsAtBlockStartsIntoEvenRanges() {
        List<Extent> extents = List.of(new Extent(100, 4, 128, 8), new Extent(100, 4, 256, 8));

        List<ChunkRange> ranges = RowIdRanges.cut(extents, 4);

        assertThat(ranges).containsExactly(
                range(null, block(100, 4, 132)),
                range(block(100, 4, 132), block(100, 4, 256)),
                range(block(100, 4, 256), block(100, 4, 260)),
                range(block(100, 4, 260), null));
    }

    @Test
    void takesFilesInRowidOrderWhateverOrderTheExtentsComeIn() {
        // File 5's extent comes first and has the lower block number, yet file 4 sorts first.
        List<Extent> extents = List.of(new Extent(100, 5, 8, 8), new Extent(100, 4, 1_000, 8));

        List<ChunkRange> ranges = RowIdRanges.cut(extents, 8);

        assertThat(ranges).containsExactly(range(null, block(100, 5, 8)), range(block(100, 5, 8), null));
        assertThat(rangesHolding(ranges, new RowId(100, 4, 1_007, LAST_ROW))).containsExactly(0);
        assertThat(rangesHolding(ranges, new RowId(100, 5, 8, 0))).containsExactly(1);
    }

    @Test
    void takesPartitionsInDataObjectOrder() {
        // Two partitions: data objects 300 and 200, the later one listed first.
        List<Extent> extents = List.of(new Extent(300, 4, 512, 8), new Extent(200, 4, 1_024, 8));

        assertThat(RowIdRanges.cut(extents, 8)).containsExactly(range(null, block(300, 4, 512)), range(block(300, 4, 512), null));
        assertThat(RowIdRanges.cut(extents, 4)).containsExactly(
                range(null, block(200, 4, 1_028)),
                range(block(200, 4, 1_028), block(300, 4, 512)),
                range(block(300, 4, 512), block(300, 4, 516)),
                range(block(300, 4, 516), null));
    }

    @Test
    void aTableWithinOneChunkIsOneRangeOverEverything() {
        List<Extent> extents = List.of(new Extent(100, 4, 128, 8), new Extent(100, 5, 128, 8));

        assertThat(RowIdRanges.cut(extents, 16)).containsExactly(ChunkRange.all());
        assertThat(RowIdRanges.cut(extents, 1_000_000)).containsExactly(ChunkRange.all());
    }

    @Test
    void aTableWithoutExtentsIsOneRangeOverEverything() {
        assertThat(RowIdRanges.cut(List.of(), 100)).containsExactly(ChunkRange.all());
    }

    @Test
    void spreadsBlocksSoRangesDifferByAtMostOneBlock() {
        // 10 blocks at 4 a chunk: three ranges of 3, 3 and 4 rather than 4, 4 and 2.
        List<ChunkRange> ranges = RowIdRanges.cut(List.of(new Extent(100, 4, 0, 10)), 4);

        assertThat(ranges).containsExactly(
                range(null, block(100, 4, 3)),
                range(block(100, 4, 3), block(100, 4, 6)),
                range(block(100, 4, 6), null));
    }

    @Test
    void extentsListedTwiceOrOverlappingCountOnce() {
        List<Extent> extents = List.of(new Extent(100, 4, 0, 8), new Extent(100, 4, 0, 8), new Extent(100, 4, 4, 8));

        // Blocks 0 to 11: twelve blocks, not 24.
        assertThat(RowIdRanges.cut(extents, 6)).containsExactly(range(null, block(100, 4, 6)), range(block(100, 4, 6), null));
    }

    /**
     * Random tables of several data objects, files and extents: the ranges chain from open below
     * to open above; every bound is the first row of a block of the table; every row of every
     * block (its first and last slot, and one between: a range never ends inside a block) and
     * any other ROWID lies in exactly one range; no range spans more blocks than asked.
     */
    @Test
    void everyRowidFallsInExactlyOneRange() {
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            List<Extent> extents = randomExtents(random);
            long blocksPerChunk = 1 + random.nextInt(20);

            List<ChunkRange> ranges = RowIdRanges.cut(extents, blocksPerChunk);

            assertChained(ranges);
            int[] blocksInRange = new int[ranges.size()];
            for (Extent extent : extents) {
                for (long block = extent.firstBlock(); block < extent.firstBlock() + extent.blocks(); block++) {
                    List<Integer> holding = rangesHolding(ranges, new RowId(extent.dataObjectNumber(), extent.relativeFileNumber(), block, 0));
                    assertThat(holding).as("block %d of %s in %s", block, extent, ranges).hasSize(1);
                    for (int row : new int[] {1 + random.nextInt(LAST_ROW - 1), LAST_ROW}) {
                        assertThat(rangesHolding(ranges, new RowId(extent.dataObjectNumber(), extent.relativeFileNumber(), block, row)))
                                .isEqualTo(holding);
                    }
                    blocksInRange[holding.get(0)]++;
                }
            }
            assertThat(IntStream.of(blocksInRange).max().orElseThrow()).isLessThanOrEqualTo((int) blocksPerChunk);
            for (ChunkRange range : ranges) {
                range.upper().ifPresent(bound -> assertThat(isFirstRowOfABlockOf(extents, bound)).as("bound %s", bound).isTrue());
            }
            for (int i = 0; i < 100; i++) {
                assertThat(rangesHolding(ranges, RowIdTest.randomRowId(random))).hasSize(1);
            }
        }
    }

    @Test
    void blocksPerChunkFollowsRowsPerBlock() {
        assertThat(RowIdRanges.blocksPerChunk(10_000, 50.0)).isEqualTo(200);
        assertThat(RowIdRanges.blocksPerChunk(10_000, 30.0)).isEqualTo(334);
        assertThat(RowIdRanges.blocksPerChunk(10_000, 0.5)).isEqualTo(20_000);
        assertThat(RowIdRanges.blocksPerChunk(10, 300.0)).isEqualTo(1);
    }

    @Test
    void refusesInputThatCannotMakeRanges() {
        assertThatThrownBy(() -> RowIdRanges.blocksPerChunk(0, 50.0)).hasMessageContaining("at least one row: 0");
        assertThatThrownBy(() -> RowIdRanges.blocksPerChunk(1_000, 0.0)).hasMessageContaining("positive number: 0.0");
        assertThatThrownBy(() -> RowIdRanges.blocksPerChunk(1_000, Double.NaN)).hasMessageContaining("positive number: NaN");
        assertThatThrownBy(() -> RowIdRanges.cut(List.of(), 0)).hasMessageContaining("blocksPerChunk must be positive: 0");
        assertThatThrownBy(() -> new Extent(100, 4, 128, 0)).hasMessageContaining("at least one block: 0");
        assertThatThrownBy(() -> new Extent(100, 4, (1L << 36) - 4, 8)).hasMessageContaining("block number 68719476739 is out of range");
        assertThatThrownBy(() -> new Extent(-1, 4, 128, 8)).hasMessageContaining("data object number -1");
    }

    @Test
    void theExtentsQueryBindsOwnerAndTableAndReadsEachPartitionsDataObject() {
        assertThat(RowIdRanges.EXTENTS_SQL.chars().filter(c -> c == '?')).hasSize(2);
        assertThat(RowIdRanges.EXTENTS_SQL).contains("e.OWNER = ?", "e.SEGMENT_NAME = ?", "o.DATA_OBJECT_ID", "'TABLE PARTITION'");
    }

    private static void assertChained(List<ChunkRange> ranges) {
        assertThat(ranges.get(0).lower()).isEmpty();
        assertThat(ranges.get(ranges.size() - 1).upper()).isEmpty();
        for (int i = 0; i + 1 < ranges.size(); i++) {
            KeyBound upper = ranges.get(i).upper().orElseThrow();
            KeyBound nextLower = ranges.get(i + 1).lower().orElseThrow();
            assertThat(upper.inclusive()).isFalse();
            assertThat(nextLower.inclusive()).isTrue();
            assertThat(upper.key()).isEqualTo(nextLower.key());
            ranges.get(i).lower().ifPresent(lower -> assertThat(ORDER.compare(lower.key(), upper.key())).isNegative());
        }
    }

    private static boolean isFirstRowOfABlockOf(List<Extent> extents, KeyBound bound) {
        RowId rowId = RowId.parse((String) bound.key()[0]);
        return rowId.rowNumber() == 0 && extents.stream().anyMatch(e -> e.dataObjectNumber() == rowId.dataObjectNumber()
                && e.relativeFileNumber() == rowId.relativeFileNumber()
                && rowId.blockNumber() >= e.firstBlock() && rowId.blockNumber() < e.firstBlock() + e.blocks());
    }

    /** Indexes of the ranges holding {@code rowId}, compared as the framework compares bounds. */
    static List<Integer> rangesHolding(List<ChunkRange> ranges, RowId rowId) {
        Object[] key = ORDER.boundOf(new Object[] {rowId.text()});
        List<Integer> holding = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            ChunkRange range = ranges.get(i);
            boolean aboveLower = range.lower().map(b -> {
                int c = ORDER.compare(key, b.key());
                return c > 0 || (c == 0 && b.inclusive());
            }).orElse(true);
            boolean belowUpper = range.upper().map(b -> {
                int c = ORDER.compare(key, b.key());
                return c < 0 || (c == 0 && b.inclusive());
            }).orElse(true);
            if (aboveLower && belowUpper) {
                holding.add(i);
            }
        }
        return holding;
    }

    /** One to three data objects, each with one to five extents in each of one to three files, without overlaps, shuffled. */
    private static List<Extent> randomExtents(Random random) {
        List<Extent> extents = new ArrayList<>();
        int objects = 1 + random.nextInt(3);
        for (int o = 0; o < objects; o++) {
            long object = 1_000 + o * 100_000 + random.nextInt(100_000);
            int files = 1 + random.nextInt(3);
            for (int f = 0; f < files; f++) {
                int file = 1 + f * 300 + random.nextInt(300);
                long block = random.nextInt(10_000);
                for (int e = random.nextInt(5); e >= 0; e--) {
                    int blocks = 1 + random.nextInt(16);
                    extents.add(new Extent(object, file, block, blocks));
                    block += blocks + (random.nextBoolean() ? 0 : random.nextInt(1_000));
                }
            }
        }
        Collections.shuffle(extents, random);
        return extents;
    }

    private static RowId block(long object, int file, long block) {
        return RowId.firstOfBlock(object, file, block);
    }

    private static ChunkRange range(RowId lowerInclusive, RowId upperExclusive) {
        return ChunkRange.of(Optional.ofNullable(lowerInclusive).map(r -> new Object[] {r.text()}),
                Optional.ofNullable(upperExclusive).map(r -> new Object[] {r.text()}));
    }
}
