package io.tributary.benchmarks.splitstate;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.LongSerializer;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.split.ChunkRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source dialect without a database, for driving the enumerator at scale: {@code tables} tables
 * of {@code chunksPerTable} chunks each, keyed by a BIGINT, positions and markers that are plain
 * log offsets (as a binlog position is). Reading chunks or the log is not part of what it measures.
 */
final class SyntheticDialect implements SourceDialect<Long, Long> {
    private static final long serialVersionUID = 1L;
    static final long ROWS_PER_CHUNK = 8096;
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.BIGINT).notNull()),
            new Column("customer", DataType.withLength(TypeKind.VARCHAR, 64)),
            new Column("amount", DataType.decimal(12, 2))), List.of("id"));

    private final int tables;
    private final int chunksPerTable;
    private long logOffset = 1_000;

    SyntheticDialect(int tables, int chunksPerTable) {
        this.tables = tables;
        this.chunksPerTable = chunksPerTable;
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public List<CapturedTable> discoverTables() {
        List<CapturedTable> captured = new ArrayList<>(tables);
        for (int i = 0; i < tables; i++) {
            captured.add(CapturedTable.byPrimaryKey(TableId.of("appdb", "public", "orders_" + i), SCHEMA, chunksPerTable * ROWS_PER_CHUNK));
        }
        return captured;
    }

    /** Even ranges of {@link #ROWS_PER_CHUNK} keys; the first and last unbounded, as every splitter's are. */
    @Override
    public ChunkSplitter createChunkSplitter(CapturedTable table, Optional<Object[]> resumeAfter) {
        return new ChunkSplitter() {
            private int next = resumeAfter.map(key -> (int) ((Long) key[0] / ROWS_PER_CHUNK)).orElse(0);

            @Override
            public Optional<ChunkRange> next() {
                if (next >= chunksPerTable) {
                    return Optional.empty();
                }
                int index = next++;
                Optional<Object[]> lower = index == 0 ? Optional.empty() : Optional.of(new Object[] {index * ROWS_PER_CHUNK});
                Optional<Object[]> upper = index == chunksPerTable - 1 ? Optional.empty() : Optional.of(new Object[] {(index + 1) * ROWS_PER_CHUNK});
                return Optional.of(ChunkRange.of(lower, upper));
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public Long prepareStream() {
        return logOffset;
    }

    @Override
    public SnapshotEpoch<Long> openSnapshotEpoch() {
        long marker = ++logOffset;
        return new SnapshotEpoch<>() {
            @Override
            public String handle() {
                return "epoch-" + marker;
            }

            @Override
            public Long marker() {
                return marker;
            }

            @Override
            public void close() {}
        };
    }

    /** A change at or after the marker's offset is in no chunk read under it. */
    @Override
    public boolean streamIsPast(Long position, Long marker) {
        return position >= marker;
    }

    @Override
    public ChunkReader<Long> openChunkReader() {
        throw new UnsupportedOperationException("the split-state benchmark reads no rows");
    }

    @Override
    public StreamReader<Long> openStreamReader(Long start, Map<TableId, TableSchema> schemas, SnapshotCoverage<Long> coverage) {
        throw new UnsupportedOperationException("the split-state benchmark reads no log");
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
