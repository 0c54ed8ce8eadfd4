package io.tributary.core.source.reader;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.SnapshotSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * Progress through one chunk: the epoch its rows are read under, the key of the last row emitted
 * and how many rows. A checkpoint in the middle of a chunk turns the emitted part into a finished
 * part, so a restart reads only the rest (under whatever epoch is current then).
 */
final class SnapshotSplitState implements CdcSplitState {
    private final SnapshotSplit split;
    private final int[] keyIndexes;
    private final ChunkKeyOrder keyOrder;
    private int epochId;
    private EncodedValue marker;
    private long readTimestampMillis;
    private Object[] lastRow;
    private long rows;

    SnapshotSplitState(SnapshotSplit split, ChunkKeyOrder keyOrder) {
        this.split = requireNonNull(split, "split is null");
        this.keyOrder = requireNonNull(keyOrder, "keyOrder is null");
        this.keyIndexes = split.chunkKey().indexesIn(split.schema());
    }

    SnapshotSplit split() {
        return split;
    }

    void startReading(int epoch, EncodedValue epochMarker, long timestampMillis) {
        this.epochId = epoch;
        this.marker = epochMarker;
        this.readTimestampMillis = timestampMillis;
    }

    long readTimestampMillis() {
        return readTimestampMillis;
    }

    /** The row's column values, without a synthetic chunk key the reader appended (see {@link ChunkKey}). */
    Object[] rowValues(Object[] row) {
        return split.chunkKey().synthetic() ? java.util.Arrays.copyOf(row, split.schema().columns().size()) : row;
    }

    void rowEmitted(Object[] row) {
        rows++;
        lastRow = row;
    }


    /** All parts of the chunk, once its last row was emitted. */
    List<FinishedChunk> finishedParts() {
        List<FinishedChunk> parts = new ArrayList<>(split.finishedParts());
        if (marker == null) {
            throw new IllegalStateException("Chunk " + split.splitId() + " finished without having been read");
        }
        parts.add(new FinishedChunk(split.splitId(), split.tableId(), split.range(), epochId, marker, rows));
        return parts;
    }

    @Override
    public SnapshotSplit toSplit() {
        if (rows == 0) {
            return split;
        }
        if (keyIndexes.length == 0) {
            // A table without a chunk key cannot resume by key: it is read again after the sink empties it.
            return split.withProgress(split.range(), split.finishedParts(), true);
        }
        // The chunk key of the last row emitted; only needed at a checkpoint, so not kept per row.
        Object[] lastKey = keyOrder.boundOf(ChunkKey.valuesOf(lastRow, keyIndexes));
        ChunkRange range = split.range();
        List<FinishedChunk> parts = new ArrayList<>(split.finishedParts());
        parts.add(new FinishedChunk(split.splitId(), split.tableId(), range.upTo(lastKey), epochId, marker, rows));
        return split.withProgress(range.after(lastKey), parts, false);
    }
}
