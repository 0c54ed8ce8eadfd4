package io.tributary.core.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.LongSerializer;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.StreamSplit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

/**
 * Positions and view markers are change numbers here: a view with marker m holds changes 1..m.
 * {@code orders} is cut into chunks below and from key 100; {@code customers} is not being read.
 */
class ChangesBesideChunksTest {
    private static final SimpleVersionedSerializer<Long> LONGS = LongSerializer.INSTANCE;
    private static final TableId ORDERS = TableId.of("shop", "public", "orders");
    private static final TableId CUSTOMERS = TableId.of("shop", "public", "customers");
    private static final TableSchema SCHEMA = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT).notNull()),
            new Column("v", DataType.of(TypeKind.TEXT))), List.of("id"));
    private static final ChunkRange BELOW_100 = ChunkRange.of(Optional.empty(), Optional.of(new Object[] {100L}));
    private static final ChunkRange FROM_100 = ChunkRange.of(Optional.of(new Object[] {100L}), Optional.empty());

    @Test
    void aChangeIsDroppedUntilItsChunkIsReadThenEmittedUnlessTheChunksViewHoldsIt() {
        ChangesBesideChunks<Long, Long> changes = changes(split(List.of()), List.of());
        assertThat(changes.deciding()).as("orders is still being read").isTrue();

        assertThat(handedOn(changes, insert(ORDERS, 5, 10))).as("key 5 before its chunk is read: the chunk will hold it").isEmpty();
        changes.partRead(ORDERS, BELOW_100, 20L);
        assertThat(handedOn(changes, insert(ORDERS, 6, 15))).as("change 15, which the chunk's view (20) holds").isEmpty();
        assertThat(handedOn(changes, insert(ORDERS, 5, 25))).as("change 25, after the chunk's view").hasValueSatisfying(event -> assertKey(event, 5));
        assertThat(handedOn(changes, insert(ORDERS, 150, 26))).as("key 150, whose chunk is not read yet").isEmpty();
        assertThat(handedOn(changes, insert(CUSTOMERS, 150, 27))).as("a table not being read").isPresent();

        changes.partRead(ORDERS, FROM_100, 30L);
        assertThat(handedOn(changes, insert(ORDERS, 150, 29))).isEmpty();
        assertThat(handedOn(changes, insert(ORDERS, 150, 31))).isPresent();
    }

    @Test
    void anUpdateThatMovesARowToAChunkNotReadYetGoesOnAsTheDeleteOfItsOldKey() {
        ChangesBesideChunks<Long, Long> changes = changes(split(List.of()), List.of());
        changes.partRead(ORDERS, BELOW_100, 20L);
        StreamRecord<Long> moved = StreamRecord.of(DataChangeEvent.update(ORDERS, Optional.of(row(5)), row(150), 0), 30L);

        Event event = handedOn(changes, moved).orElseThrow();

        assertThat(((DataChangeEvent) event).operation()).isEqualTo(Operation.DELETE);
        assertKey(event, 5);
        changes.partRead(ORDERS, FROM_100, 40L);
        Event intoReadChunk = handedOn(changes, StreamRecord.of(DataChangeEvent.update(ORDERS, Optional.of(row(150)), row(7), 0), 35L)).orElseThrow();
        assertThat(((DataChangeEvent) intoReadChunk).operation()).as("the old key's chunk (view 40) holds the move; the new key's lacks it")
                .isEqualTo(Operation.INSERT);
        assertKey(intoReadChunk, 7);
    }

    @Test
    void aRestartDecidesByThePartsItsCheckpointCarried() {
        FinishedRange readBefore = FinishedRange.of(new FinishedChunk("orders-0", ORDERS, BELOW_100, 0, EncodedValue.encode(LONGS, 20L), 0));
        FinishedChunk caughtMidway = new FinishedChunk("orders-1", ORDERS, FROM_100.upTo(new Object[] {120L}), 0, EncodedValue.encode(LONGS, 22L), 0);
        ChangesBesideChunks<Long, Long> changes = changes(split(List.of(readBefore)), List.of(caughtMidway));

        assertThat(handedOn(changes, insert(ORDERS, 5, 21))).isPresent();
        assertThat(handedOn(changes, insert(ORDERS, 110, 21))).as("held by the view (22) of the part read before the restart").isEmpty();
        assertThat(handedOn(changes, insert(ORDERS, 120, 23))).isPresent();
        assertThat(handedOn(changes, insert(ORDERS, 121, 23))).as("after the part: the rest of the chunk is read again").isEmpty();
    }

    @Test
    void aStreamThatStartsAfterTheWholeSnapshotDecidesNothing() {
        List<FinishedRange> everyKey = List.of(
                FinishedRange.of(new FinishedChunk("orders-0", ORDERS, BELOW_100, 0, EncodedValue.encode(LONGS, 20L), 0)),
                FinishedRange.of(new FinishedChunk("orders-1", ORDERS, FROM_100, 0, EncodedValue.encode(LONGS, 20L), 0)));

        assertThat(changes(split(everyKey), List.of()).deciding()).isFalse();
    }

    private static ChangesBesideChunks<Long, Long> changes(StreamSplit split, List<FinishedChunk> restored) {
        return ChangesBesideChunks.of(split, restored, LONGS, (schema, key) -> ChunkKeyOrder.natural(),
                (view, record) -> record.positionAfter() <= view);
    }

    private static StreamSplit split(List<FinishedRange> finished) {
        return new StreamSplit(EncodedValue.encode(LONGS, 0L), Map.of(ORDERS, SCHEMA, CUSTOMERS, SCHEMA), Map.of(ORDERS, ChunkKey.of(List.of("id"))),
                finished);
    }

    private static Optional<Event> handedOn(ChangesBesideChunks<Long, Long> changes, StreamRecord<Long> record) {
        StreamRecord<Long> decided = changes.decide(record);
        assertThat(decided.positionAfter()).as("the position goes on either way").isEqualTo(record.positionAfter());
        return decided.event();
    }

    private static StreamRecord<Long> insert(TableId table, long id, long position) {
        return StreamRecord.of(DataChangeEvent.insert(table, row(id), 0), position);
    }

    private static Object[] row(long id) {
        return new Object[] {id, "v" + id};
    }

    private static void assertKey(Event event, long id) {
        assertThat(((DataChangeEvent) event).keyRow()[0]).isEqualTo(id);
    }
}
