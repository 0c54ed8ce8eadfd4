package io.tributary.core.source.reader;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.event.StreamReleaseEvent;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.FinishedRanges;
import io.tributary.core.source.split.ReadAgain;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.source.split.StreamSplit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stream's progress: the position after the last emitted record, the current schemas, and the
 * finished part of the snapshot as the checkpoint carries it. At a checkpoint, ranges whose markers
 * the stream is now past (by {@link SourceDialect#streamIsPast}, at the position a restart resumes
 * from) fold together, so the split shrinks as the stream moves past the snapshot's views.
 */
final class StreamSplitState<P extends Comparable<P>> implements CdcSplitState {
    private StreamSplit split;
    private final SourceDialect<P, ?> dialect;
    private final Map<TableId, TableSchema> schemas;
    private List<FinishedRange> finished;
    /** Markers of ranges the stream was not past at the last look. */
    private final Set<EncodedValue> markersAhead = new HashSet<>();
    private P position;
    /** Tables read again while streaming, oldest request first; the first is being read. */
    private final Deque<ReadAgain> readAgain;
    /** The last row of the first table in {@link #readAgain} emitted since the last checkpoint, whole. */
    private Object[] lastRowReadAgain;
    private long rowsReadAgain;
    private long readAgainStartedMillis;
    /** Whether {@link #finished} has parts added since it was last folded. */
    private boolean partsAdded;

    StreamSplitState(StreamSplit split, SourceDialect<P, ?> dialect) {
        this.split = requireNonNull(split, "split is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.schemas = new LinkedHashMap<>(split.schemas());
        this.position = split.position().decode(dialect.positionSerializer());
        this.finished = split.finishedRanges();
        finished.stream().filter(range -> !range.streamPast()).forEach(range -> markersAhead.add(range.marker()));
        this.readAgain = new ArrayDeque<>(split.readAgain());
    }

    StreamSplit split() {
        return split;
    }

    Map<TableId, TableSchema> schemas() {
        return schemas;
    }

    P position() {
        return position;
    }

    void advance(P newPosition) {
        this.position = newPosition;
    }

    void schemaChanged(SchemaChangeEvent event) {
        if (event.change() instanceof io.tributary.core.model.SchemaChange.DropTable) {
            schemas.remove(event.tableId());
        } else {
            schemas.put(event.tableId(), event.schemaAfter());
        }
    }

    /** Takes in the tables that joined the pipeline and drops those that left it, as the enumerator released the stream with. */
    void release(StreamReleaseEvent release) {
        StreamSplit joined = release.joined();
        split = split.withTables(joined, release.left());
        schemas.putAll(joined.schemas());
        schemas.keySet().removeAll(release.left());
        List<FinishedRange> ranges = new ArrayList<>(finished);
        ranges.addAll(joined.finishedRanges());
        ranges.removeIf(range -> release.left().contains(range.tableId()));
        finished = ranges;
        joined.finishedRanges().stream().filter(range -> !range.streamPast()).forEach(range -> markersAhead.add(range.marker()));
    }

    /** A chunk read beside the stream: checkpoints carry it, so that a restart decides its changes as this run does. */
    void partRead(FinishedChunk part) {
        if (!partsAdded) {
            finished = new ArrayList<>(finished); // copied once between folds
            partsAdded = true;
        }
        finished.add(FinishedRange.of(part));
        markersAhead.add(part.marker());
    }

    /** The enumerator asked for tables to be read again: they are in this state's checkpoints from now on. */
    void readAgainRequested(List<ReadAgain> tables) {
        readAgain.addAll(tables);
    }

    /** The table being read again, if any. */
    Optional<ReadAgain> readingAgain() {
        return Optional.ofNullable(readAgain.peekFirst());
    }

    /** A row of the table being read again was emitted. */
    void rowReadAgain(Object[] row) {
        if (rowsReadAgain++ == 0) {
            readAgainStartedMillis = System.currentTimeMillis();
        }
        lastRowReadAgain = row;
    }

    /** The table being read again is read to its end (or given up); returns the rows emitted for it in this run and for how long. */
    String readAgainDone() {
        readAgain.pollFirst();
        double seconds = rowsReadAgain == 0 ? 0 : (System.currentTimeMillis() - readAgainStartedMillis) / 1000.0;
        String summary = rowsReadAgain + " rows in " + String.format(Locale.ROOT, "%.1f", seconds) + " s";
        lastRowReadAgain = null;
        rowsReadAgain = 0;
        return summary;
    }

    @Override
    public StreamSplit toSplit() {
        foldPassedRanges();
        List<ReadAgain> tables = new ArrayList<>(readAgain);
        if (lastRowReadAgain != null && !tables.isEmpty()) {
            // Only needed at a checkpoint, so the key is taken from the last row here rather than per row.
            SnapshotSplit table = tables.get(0).table();
            Object[] key = ChunkKey.valuesOf(lastRowReadAgain, table.chunkKey().indexesIn(table.schema()));
            tables.set(0, tables.get(0).after(dialect.chunkKeyOrder(table.schema(), table.chunkKey()).boundOf(key)));
            readAgain.pollFirst();
            readAgain.addFirst(tables.get(0));
            lastRowReadAgain = null;
        }
        return new StreamSplit(EncodedValue.encode(dialect.positionSerializer(), position), schemas, split.chunkKeys(), finished, tables);
    }

    /** Folds the ranges whose markers the stream is now past; a marker once passed stays passed, as the position only grows. */
    private void foldPassedRanges() {
        if (partsAdded) {
            // Chunks read beside the stream fold into their neighbours read under the same view.
            finished = FinishedRanges.of(finished, this::keyOrder).list();
            partsAdded = false;
        }
        Set<EncodedValue> passed = new HashSet<>();
        for (EncodedValue marker : markersAhead) {
            if (isPast(marker)) {
                passed.add(marker);
            }
        }
        if (passed.isEmpty()) {
            return;
        }
        markersAhead.removeAll(passed);
        FinishedRanges ranges = FinishedRanges.of(finished, this::keyOrder);
        ranges.streamPast(range -> passed.contains(range.marker()));
        finished = ranges.list();
    }

    private <M> boolean isPast(EncodedValue marker) {
        @SuppressWarnings("unchecked")
        SourceDialect<P, M> typed = (SourceDialect<P, M>) dialect;
        return typed.streamIsPast(position, marker.decode(typed.markerSerializer()));
    }

    private ChunkKeyOrder keyOrder(TableId table) {
        TableSchema schema = split.schemas().get(table);
        return schema == null ? ChunkKeyOrder.natural() : dialect.chunkKeyOrder(schema, split.chunkKey(table));
    }
}
