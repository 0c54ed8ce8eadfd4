package io.tributary.source.oracle.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Splits a table without a key into the ROWID ranges {@link RowIdRanges} cuts from its extents,
 * resuming after the upper bound of the last range already made: the ranges are cut again (the
 * table may have grown), and the first one handed out starts exactly where the last one made
 * ended, so consecutive ranges still meet and cover every ROWID.
 */
public final class RowIdChunkSplitter implements ChunkSplitter {
    private static final RowIdChunkKeyOrder ORDER = new RowIdChunkKeyOrder();

    private final Deque<ChunkRange> ranges;

    /**
     * @param extents the table's extents now
     * @param blocksPerChunk blocks per range ({@link RowIdRanges#blocksPerChunk})
     * @param resumeAfter the upper bound of the last range already made, if any
     */
    public RowIdChunkSplitter(Collection<RowIdRanges.Extent> extents, long blocksPerChunk, Optional<Object[]> resumeAfter) {
        requireNonNull(resumeAfter, "resumeAfter is null");
        List<ChunkRange> all = RowIdRanges.cut(extents, blocksPerChunk);
        this.ranges = new ArrayDeque<>();
        if (resumeAfter.isEmpty()) {
            ranges.addAll(all);
            return;
        }
        Object[] from = ORDER.boundOf(resumeAfter.get());
        for (ChunkRange range : all) {
            Optional<Object[]> upper = range.upper().map(KeyBound::key);
            if (upper.isPresent() && ORDER.compare(upper.get(), from) <= 0) {
                continue; // made before
            }
            if (ranges.isEmpty()) {
                ranges.add(ChunkRange.of(Optional.of(from), upper));
            } else {
                ranges.add(range);
            }
        }
    }

    @Override
    public Optional<ChunkRange> next() {
        return Optional.ofNullable(ranges.pollFirst());
    }

    @Override
    public void close() {}
}
