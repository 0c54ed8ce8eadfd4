package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.io.Serializable;

/**
 * A key range of a table whose snapshot rows were all emitted, folded from one or more finished
 * chunks: the snapshot epoch (id and marker) the stream compares a change in the range against,
 * how many rows and whole chunks it holds, and whether the stream is past its marker (then no
 * change the stream still reads is in the range's rows, and the marker decides nothing).
 *
 * <p>Adjacent chunks fold into one range only where the stream's answer stays the same for every
 * key: chunks read under the same marker, or chunks whose markers the stream is past (the folded
 * range keeps the oldest epoch's id and marker, so the oldest epoch any chunk was read under stays
 * known). See {@link FinishedRanges}.
 */
public record FinishedRange(TableId tableId, ChunkRange range, int epochId, EncodedValue marker, long rows, int chunks, boolean streamPast)
        implements Serializable {
    public FinishedRange {
        requireNonNull(tableId, "tableId is null");
        requireNonNull(range, "range is null");
        requireNonNull(marker, "marker is null");
        if (rows < 0 || chunks < 0) {
            throw new IllegalArgumentException("rows and chunks must not be negative: " + rows + ", " + chunks);
        }
    }

    /**
     * One reported chunk part. It counts as a whole chunk when it ends where its chunk ends: the
     * earlier parts of a chunk read across a checkpoint end at an inclusive bound (the last key
     * emitted before it), a chunk's own end is exclusive or unbounded.
     */
    public static FinishedRange of(FinishedChunk chunk) {
        boolean endsChunk = chunk.range().upper().map(bound -> !bound.inclusive()).orElse(true);
        return new FinishedRange(chunk.tableId(), chunk.range(), chunk.epochId(), chunk.marker(), chunk.rows(), endsChunk ? 1 : 0, false);
    }

    /** Whether a change in this range and in {@code other} is decided the same way, so the two may be one range. */
    boolean decidedAlike(FinishedRange other) {
        return (streamPast && other.streamPast) || (streamPast == other.streamPast && epochId == other.epochId && marker.equals(other.marker));
    }

    /** This range and the adjacent {@code next} (above it) as one. */
    FinishedRange foldedWith(FinishedRange next) {
        FinishedRange oldest = next.epochId < epochId ? next : this;
        return new FinishedRange(tableId, new ChunkRange(range.lower(), next.range.upper()), oldest.epochId, oldest.marker, rows + next.rows,
                chunks + next.chunks, streamPast);
    }

    /** This range, the stream being past its marker. */
    FinishedRange passed() {
        return streamPast ? this : new FinishedRange(tableId, range, epochId, marker, rows, chunks, true);
    }
}
