package io.tributary.core.source.split;

import io.tributary.core.model.Column;
import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.enumerator.EnumeratorState;
import io.tributary.core.source.enumerator.EnumeratorStateSerializer;
import io.tributary.core.source.enumerator.SplittingCursor;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Sample checkpointed structures, and a main that writes them as the committed fixtures of the
 * current serializer versions (from version 3 on, with {@link #SCHEMA_WITH_DEFAULTS}). When a serializer gets a new version, run the main once with
 * {@code cdc-core/src/test/resources/serializer-fixtures} as argument (test class path) and commit
 * the new files; never regenerate the files of an older version.
 */
public final class SplitFixtures {
    static final TableId TABLE = TableId.of("appdb", "public", "orders");
    static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("tenant", DataType.withLength(TypeKind.VARCHAR, 20).notNull()),
            new Column("id", DataType.of(TypeKind.BIGINT).notNull()),
            new Column("amount", DataType.decimal(10, 2)),
            new Column("tags", DataType.arrayOf(DataType.of(TypeKind.TEXT)))), List.of("tenant", "id"));
    /** {@link #SCHEMA} with a constant and a computed column default: what version 3 added. */
    static final TableSchema SCHEMA_WITH_DEFAULTS = new TableSchema(List.of(
            new Column("tenant", DataType.withLength(TypeKind.VARCHAR, 20).notNull(), Optional.of(ColumnDefault.literal("'web'", "web"))),
            new Column("id", DataType.of(TypeKind.BIGINT).notNull(), Optional.of(ColumnDefault.computed("nextval('orders_id_seq'::regclass)"))),
            new Column("amount", DataType.decimal(10, 2), Optional.of(ColumnDefault.literal("0.00", new BigDecimal("0.00")))),
            new Column("tags", DataType.arrayOf(DataType.of(TypeKind.TEXT)))), List.of("tenant", "id"));
    static final ChunkKey CHUNK_KEY = ChunkKey.primaryKeyOf(SCHEMA);
    static final EncodedValue MARKER = new EncodedValue(1, new byte[] {1, 2, 3});

    private SplitFixtures() {}

    static SnapshotSplit snapshotSplit() {
        return snapshotSplit(SCHEMA);
    }

    static SnapshotSplit snapshotSplit(TableSchema schema) {
        ChunkRange range = ChunkRange.of(Optional.of(new Object[] {"acme", 100L}), Optional.of(new Object[] {"acme", 200L}));
        FinishedChunk part = new FinishedChunk("appdb.public.orders#3", TABLE, range.upTo(new Object[] {"acme", 150L}), 1, MARKER, 50);
        return new SnapshotSplit("appdb.public.orders#3", TABLE, schema, CHUNK_KEY, range.after(new Object[] {"acme", 150L}), List.of(part), false);
    }

    static StreamSplit streamSplit() {
        return streamSplit(SCHEMA);
    }

    static StreamSplit streamSplit(TableSchema schema) {
        FinishedChunk chunk = new FinishedChunk("appdb.public.orders#0", TABLE, ChunkRange.of(Optional.empty(), Optional.of(new Object[] {"acme", 100L})), 1, MARKER, 100);
        return new StreamSplit(new EncodedValue(1, new byte[] {9, 8, 7, 6}), Map.of(TABLE, schema), Map.of(TABLE, CHUNK_KEY), List.of(FinishedRange.of(chunk)));
    }

    /**
     * A stream split whose finished part folded (from version 3 on): contiguous ranges of two
     * markers, one the stream is past, and a second table read whole.
     */
    static StreamSplit foldedStreamSplit() {
        EncodedValue second = new EncodedValue(1, new byte[] {4, 5});
        TableId items = TableId.of("appdb", "public", "items");
        List<FinishedRange> ranges = List.of(
                new FinishedRange(TABLE, ChunkRange.of(Optional.empty(), Optional.of(new Object[] {"acme", 100L})), 1, MARKER, 100, 1, true),
                new FinishedRange(TABLE, ChunkRange.of(Optional.of(new Object[] {"acme", 100L}), Optional.of(new Object[] {"acme", 900L})), 2, second,
                        800, 8, false),
                new FinishedRange(TABLE, ChunkRange.of(Optional.of(new Object[] {"beta", 1L}), Optional.empty()), 2, second, 70, 1, false),
                new FinishedRange(items, ChunkRange.all(), 2, second, 12_345_678_901L, 300_000, false));
        return new StreamSplit(new EncodedValue(1, new byte[] {9}), Map.of(TABLE, SCHEMA, items, SCHEMA), Map.of(TABLE, CHUNK_KEY, items, CHUNK_KEY),
                ranges);
    }

    static EnumeratorState enumeratorState() {
        return enumeratorState(SCHEMA);
    }

    static EnumeratorState enumeratorState(TableSchema schema) {
        return EnumeratorState.builder()
                .discovered(true)
                .tables(List.of(new CapturedTable(TABLE, schema, CHUNK_KEY, 12345)))
                .streamStart(Optional.of(new EncodedValue(1, new byte[] {4, 2})))
                .tablesToSplit(List.of(TableId.of("appdb", "public", "items")))
                .cursor(Optional.of(new SplittingCursor(TABLE, Optional.of(new Object[] {"acme", 300L}), 4)))
                .pendingSplits(List.of(snapshotSplit(schema)))
                .assignedSplits(Set.of("appdb.public.orders#2"))
                .finished(streamSplit().finishedRanges())
                .lastEpochId(2)
                .streamAssigned(false)
                .build();
    }

    static Object[] sampleValues() {
        return new Object[] {null, true, (short) 3, 4, 5L, 6.5f, 7.25, new BigDecimal("-12.340"), "text", new byte[] {0, -1},
            LocalDate.of(2024, 2, 29), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), List.of(1, 2)};
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int splitVersion = CdcSplitSerializer.INSTANCE.getVersion();
        Files.write(dir.resolve("snapshot-split-v" + splitVersion + ".bin"), CdcSplitSerializer.INSTANCE.serialize(snapshotSplit(SCHEMA_WITH_DEFAULTS)));
        Files.write(dir.resolve("stream-split-v" + splitVersion + ".bin"), CdcSplitSerializer.INSTANCE.serialize(streamSplit(SCHEMA_WITH_DEFAULTS)));
        Files.write(dir.resolve("stream-split-folded-v" + splitVersion + ".bin"), CdcSplitSerializer.INSTANCE.serialize(foldedStreamSplit()));
        int stateVersion = EnumeratorStateSerializer.INSTANCE.getVersion();
        Files.write(dir.resolve("enumerator-state-v" + stateVersion + ".bin"), EnumeratorStateSerializer.INSTANCE.serialize(enumeratorState(SCHEMA_WITH_DEFAULTS)));
    }
}
