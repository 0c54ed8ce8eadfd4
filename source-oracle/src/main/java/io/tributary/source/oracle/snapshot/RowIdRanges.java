package io.tributary.source.oracle.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.split.ChunkRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Cuts an Oracle table without a usable key into ROWID ranges, from the extents its segments
 * occupy, so that each range holds about a chunk's worth of blocks. A chunk reads its range with
 * {@code WHERE ROWID >= CHARTOROWID(?) AND ROWID < CHARTOROWID(?)} (the side a range leaves open
 * dropped); bound values are ROWID texts, ordered by {@link RowIdChunkKeyOrder}.
 *
 * <p>The ranges cover every ROWID there can be, not just those of the extents listed: the first
 * is open below, the last open above, and each starts where the one before it ends. That is what
 * keeps a table that grows during the snapshot whole: a new extent lands somewhere in ROWID order
 * (a new partition under a new data object number, another file, blocks below, above or between
 * those seen) and its rows fall in whichever range spans that place, so that range's chunk reads
 * them if it has not been read yet, and the stream finds that chunk for their changes if it has.
 * The extents only decide where the cuts go.
 *
 * <p>Cuts fall on block starts (row 0), never inside a block, and spread the table's blocks evenly
 * over as few ranges as keep each within the target. Extents are taken in ROWID order — data
 * object, then relative file, then first block — whatever order they come in; extents given twice
 * or overlapping count once.
 *
 * <p>ROWIDs hold only while rows stay where they are: moving a table or partition, shrinking it,
 * flashing it back, an update of a partition key under {@code ENABLE ROW MOVEMENT}, or a truncate
 * (a new data object number) changes them, and ranges cut before no longer describe the table.
 */
public final class RowIdRanges {
    /**
     * Reads a table's extents, one row per extent, in the order of {@link Extent}'s components:
     * the segment's data object number, the file number as the segment's ROWIDs hold it, the
     * extent's first block and its block count. Binds the owner and the table name (as stored,
     * usually upper case). A partitioned table has one segment, and one data object number, per
     * partition (per subpartition when composite); the join to {@code DBA_OBJECTS} finds it. In a
     * bigfile tablespace {@code RELATIVE_FNO} is 1024 but ROWIDs carry the block number in their
     * file digits too, so the file number there is 0 (see {@link RowId}). A table without a
     * segment of its own (not created yet, or in a cluster) gives no rows and is read as one
     * chunk.
     *
     * <p>Kept simple on purpose and not yet run against a server (none is available to this
     * build): it needs SELECT on the DBA views, and {@code DBA_EXTENTS} can be slow on a database
     * with very many extents.
     */
    public static final String EXTENTS_SQL = """
            SELECT o.DATA_OBJECT_ID,
                   CASE t.BIGFILE WHEN 'YES' THEN 0 ELSE e.RELATIVE_FNO END AS ROWID_FILE_NUMBER,
                   e.BLOCK_ID,
                   e.BLOCKS
              FROM DBA_EXTENTS e
              JOIN DBA_OBJECTS o
                ON o.OWNER = e.OWNER
               AND o.OBJECT_NAME = e.SEGMENT_NAME
               AND o.OBJECT_TYPE = e.SEGMENT_TYPE
               AND NVL(o.SUBOBJECT_NAME, ' ') = NVL(e.PARTITION_NAME, ' ')
              JOIN DBA_TABLESPACES t ON t.TABLESPACE_NAME = e.TABLESPACE_NAME
             WHERE e.OWNER = ?
               AND e.SEGMENT_NAME = ?
               AND e.SEGMENT_TYPE IN ('TABLE', 'TABLE PARTITION', 'TABLE SUBPARTITION')""";

    private static final Comparator<Extent> ROWID_ORDER = Comparator.comparing(Extent::first);

    private RowIdRanges() {}

    /**
     * Blocks a segment allocated in one go, as {@code DBA_EXTENTS} lists them.
     *
     * @param dataObjectNumber the segment's data object number ({@code DBA_OBJECTS.DATA_OBJECT_ID})
     * @param relativeFileNumber the file number the segment's ROWIDs hold (see {@link #EXTENTS_SQL})
     * @param firstBlock the extent's first block in that file ({@code BLOCK_ID})
     * @param blocks how many blocks follow from there ({@code BLOCKS}), at least one
     */
    public record Extent(long dataObjectNumber, int relativeFileNumber, long firstBlock, long blocks) {
        public Extent {
            if (blocks < 1) {
                throw new IllegalArgumentException("an extent has at least one block: " + blocks);
            }
            // Both ends must be blocks a ROWID can address.
            RowId.firstOfBlock(dataObjectNumber, relativeFileNumber, firstBlock);
            RowId.firstOfBlock(dataObjectNumber, relativeFileNumber, firstBlock + blocks - 1);
        }

        /** The first ROWID of the extent's first block. */
        public RowId first() {
            return RowId.firstOfBlock(dataObjectNumber, relativeFileNumber, firstBlock);
        }

        /** The block after the extent's last. */
        long end() {
            return firstBlock + blocks;
        }

        boolean sharesFileWith(Extent other) {
            return dataObjectNumber == other.dataObjectNumber && relativeFileNumber == other.relativeFileNumber;
        }
    }

    /**
     * Blocks a chunk of {@code chunkSizeRows} rows takes, at least one.
     *
     * @param averageRowsPerBlock the table's rows per block, e.g. {@code NUM_ROWS / BLOCKS} of its
     *     optimizer statistics; a poor estimate makes chunks larger or smaller than meant, never
     *     changes which rows are read
     */
    public static long blocksPerChunk(long chunkSizeRows, double averageRowsPerBlock) {
        if (chunkSizeRows < 1) {
            throw new IllegalArgumentException("chunk size must be at least one row: " + chunkSizeRows);
        }
        if (!(averageRowsPerBlock > 0) || Double.isInfinite(averageRowsPerBlock)) {
            throw new IllegalArgumentException("average rows per block must be a positive number: " + averageRowsPerBlock);
        }
        return Math.max(1, (long) Math.ceil(chunkSizeRows / averageRowsPerBlock));
    }

    /**
     * The ROWID ranges {@code [lower, upper)} covering the table, in ROWID order, each spanning at
     * most {@code blocksPerChunk} of the extents' blocks: one range covering everything when the
     * table has no extents or fits in one chunk.
     */
    public static List<ChunkRange> cut(Collection<Extent> extents, long blocksPerChunk) {
        requireNonNull(extents, "extents is null");
        if (blocksPerChunk < 1) {
            throw new IllegalArgumentException("blocksPerChunk must be positive: " + blocksPerChunk);
        }
        List<Extent> ordered = merged(extents);
        long total = ordered.stream().mapToLong(Extent::blocks).sum();
        List<ChunkRange> ranges = new ArrayList<>();
        Optional<Object[]> lower = Optional.empty();
        for (RowId cut : cuts(ordered, total, blocksPerChunk)) {
            Optional<Object[]> upper = Optional.of(new Object[] {cut.text()});
            ranges.add(ChunkRange.of(lower, upper));
            lower = upper;
        }
        ranges.add(ChunkRange.of(lower, Optional.empty()));
        return ranges;
    }

    /** The extents in ROWID order, those that overlap or touch in one file made one. */
    private static List<Extent> merged(Collection<Extent> extents) {
        List<Extent> sorted = extents.stream().map(e -> requireNonNull(e, "extent is null")).sorted(ROWID_ORDER).toList();
        List<Extent> merged = new ArrayList<>();
        for (Extent extent : sorted) {
            int lastIndex = merged.size() - 1;
            if (lastIndex >= 0 && merged.get(lastIndex).sharesFileWith(extent) && extent.firstBlock() <= merged.get(lastIndex).end()) {
                Extent last = merged.get(lastIndex);
                long end = Math.max(last.end(), extent.end());
                merged.set(lastIndex, new Extent(last.dataObjectNumber(), last.relativeFileNumber(), last.firstBlock(), end - last.firstBlock()));
            } else {
                merged.add(extent);
            }
        }
        return merged;
    }

    /**
     * The first ROWIDs of the blocks where ranges after the first begin: with {@code n} ranges, the
     * {@code i}-th starts {@code floor(i * total / n)} blocks into the extents, so range sizes
     * differ by at most one block.
     */
    private static List<RowId> cuts(List<Extent> ordered, long total, long blocksPerChunk) {
        long ranges = total / blocksPerChunk + (total % blocksPerChunk == 0 ? 0 : 1);
        List<RowId> cuts = new ArrayList<>();
        long quotient = ranges == 0 ? 0 : total / ranges;
        long remainder = ranges == 0 ? 0 : total % ranges;
        long offset = 0;
        long carried = 0;
        int extent = 0;
        long extentStart = 0;
        for (long i = 1; i < ranges; i++) {
            // offset = floor(i * total / ranges), kept without the product, which can overflow.
            offset += quotient;
            carried += remainder;
            if (carried >= ranges) {
                offset++;
                carried -= ranges;
            }
            while (offset >= extentStart + ordered.get(extent).blocks()) {
                extentStart += ordered.get(extent).blocks();
                extent++;
            }
            Extent holder = ordered.get(extent);
            cuts.add(RowId.firstOfBlock(holder.dataObjectNumber(), holder.relativeFileNumber(), holder.firstBlock() + offset - extentStart));
        }
        return cuts;
    }
}
