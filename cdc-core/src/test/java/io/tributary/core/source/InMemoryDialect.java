package io.tributary.core.source;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.SnapshotSplit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** A {@link SourceDialect} over an {@link InMemoryDatabase}; positions and markers are change numbers. */
final class InMemoryDialect implements SourceDialect<Long, Long> {
    @Override
    public boolean readsChunksBesideTheStream() {
        return true;
    }

    private static final long serialVersionUID = 1L;

    /** How often each chunk range was opened, by database name and range: lets tests see re-reads. */
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> CHUNK_READS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Snapshot epochs opened, and those still open, by database name: lets tests see epochs leak. */
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> EPOCHS_OPENED = new java.util.concurrent.ConcurrentHashMap<>();
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> EPOCHS_OPEN = new java.util.concurrent.ConcurrentHashMap<>();

    private final String databaseName;
    private final int chunkSize;
    private final long chunkDelayMillis;

    private final boolean locatesChanges;

    InMemoryDialect(String databaseName, int chunkSize, long chunkDelayMillis) {
        this(databaseName, chunkSize, chunkDelayMillis, false);
    }

    /** @param locatesChanges whether it says which view holds a change (a change number at or below the view's) */
    InMemoryDialect(String databaseName, int chunkSize, long chunkDelayMillis, boolean locatesChanges) {
        this.databaseName = databaseName;
        this.chunkSize = chunkSize;
        this.chunkDelayMillis = chunkDelayMillis;
        this.locatesChanges = locatesChanges;
    }

    @Override
    public boolean locatesChangesInViews() {
        return locatesChanges;
    }

    @Override
    public boolean viewHoldsChange(Long view, StreamRecord<Long> record) {
        return record.positionAfter() <= view;
    }

    private InMemoryDatabase database() {
        return InMemoryDatabase.named(databaseName);
    }

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public String tableSelection() {
        return "tables: " + InMemoryDatabase.TABLE;
    }

    @Override
    public List<CapturedTable> discoverTables() {
        return List.of(CapturedTable.byPrimaryKey(InMemoryDatabase.TABLE, InMemoryDatabase.SCHEMA, database().current().size()));
    }

    @Override
    public ChunkSplitter createChunkSplitter(CapturedTable table, Optional<Object[]> resumeAfter) {
        List<Long> keys = new ArrayList<>(database().current().keySet());
        List<Long> boundaries = new ArrayList<>();
        for (int i = chunkSize; i < keys.size(); i += chunkSize) {
            boundaries.add(keys.get(i));
        }
        long after = resumeAfter.map(k -> (Long) k[0]).orElse(Long.MIN_VALUE);
        Iterator<Long> upper = boundaries.stream().filter(b -> b > after).iterator();
        return new ChunkSplitter() {
            private Optional<Object[]> lower = resumeAfter;
            private boolean done;

            @Override
            public Optional<ChunkRange> next() {
                if (done) {
                    return Optional.empty();
                }
                Optional<Object[]> next = upper.hasNext() ? Optional.of(new Object[] {upper.next()}) : Optional.empty();
                done = next.isEmpty();
                ChunkRange range = ChunkRange.of(lower, next);
                lower = next;
                return Optional.of(range);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public Long prepareStream() {
        return database().lastSequence();
    }

    @Override
    public SnapshotEpoch<Long> openSnapshotEpoch() {
        long sequence = database().lastSequence();
        EPOCHS_OPENED.computeIfAbsent(databaseName, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        EPOCHS_OPEN.computeIfAbsent(databaseName, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        return new SnapshotEpoch<>() {
            private boolean closed;

            @Override
            public String handle() {
                return Long.toString(sequence);
            }

            @Override
            public Long marker() {
                return sequence;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    EPOCHS_OPEN.get(databaseName).decrementAndGet();
                }
            }
        };
    }

    @Override
    public ChunkReader<Long> openChunkReader() {
        return new ChunkReader<>() {
            @Override
            public RowCursor<Long> open(SnapshotSplit chunk, SnapshotView<Long> view) {
                ChunkRange range = chunk.range();
                CHUNK_READS.computeIfAbsent(databaseName + "|" + range, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                if (chunkDelayMillis > 0) {
                    try {
                        Thread.sleep(chunkDelayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                TreeMap<Long, Long> rows = database().asOf(view.marker());
                Iterator<Map.Entry<Long, Long>> entries = rows.entrySet().stream().filter(e -> inRange(e.getKey(), range)).iterator();
                return new RowCursor<>() {
                    private Object[] row;

                    @Override
                    public boolean next() {
                        if (!entries.hasNext()) {
                            return false;
                        }
                        Map.Entry<Long, Long> entry = entries.next();
                        row = new Object[] {entry.getKey(), entry.getValue()};
                        return true;
                    }

                    @Override
                    public Object[] row() {
                        return row;
                    }

                    @Override
                    public void close() {}
                };
            }

            @Override
            public void close() {}
        };
    }

    private static boolean inRange(long key, ChunkRange range) {
        if (range.lower().isPresent()) {
            long lower = (Long) range.lower().get().key()[0];
            if (key < lower || (key == lower && !range.lower().get().inclusive())) {
                return false;
            }
        }
        if (range.upper().isPresent()) {
            long upper = (Long) range.upper().get().key()[0];
            return key < upper || (key == upper && range.upper().get().inclusive());
        }
        return true;
    }

    /** The reader emits a change after {@code position} unless its sequence is at or below the chunk's marker. */
    @Override
    public boolean streamIsPast(Long position, Long marker) {
        return position >= marker;
    }

    @Override
    public StreamReader<Long> openStreamReader(Long start, Map<TableId, TableSchema> schemas, SnapshotCoverage<Long> coverage) {
        return new StreamReader<>() {
            private long position = start;

            @Override
            public List<StreamRecord<Long>> poll() throws InterruptedException {
                List<InMemoryDatabase.Change> changes = database().changesAfter(position, 500);
                if (changes.isEmpty()) {
                    Thread.sleep(20);
                }
                List<StreamRecord<Long>> records = new ArrayList<>();
                for (InMemoryDatabase.Change change : changes) {
                    position = change.sequence();
                    Optional<Long> marker = coverage.markerForRow(InMemoryDatabase.TABLE, InMemoryDatabase.SCHEMA, new Object[] {change.id(), null});
                    if (marker.isPresent() && change.sequence() <= marker.get()) {
                        records.add(StreamRecord.progress(position));
                        continue;
                    }
                    records.add(StreamRecord.of(toEvent(change), position));
                }
                return records;
            }

            @Override
            public void acknowledge(Long position) {}

            @Override
            public void close() {}
        };
    }

    private static DataChangeEvent toEvent(InMemoryDatabase.Change change) {
        Object[] after = change.value() == null ? null : new Object[] {change.id(), change.value()};
        Object[] before = change.previous() == null ? null : new Object[] {change.id(), change.previous()};
        if (after == null) {
            return DataChangeEvent.delete(InMemoryDatabase.TABLE, before, 0L);
        }
        if (before == null) {
            return DataChangeEvent.insert(InMemoryDatabase.TABLE, after, 0L);
        }
        return DataChangeEvent.update(InMemoryDatabase.TABLE, Optional.of(before), after, 0L);
    }

    @Override
    public SimpleVersionedSerializer<Long> positionSerializer() {
        return LongSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<Long> markerSerializer() {
        return LongSerializer.INSTANCE;
    }
}
