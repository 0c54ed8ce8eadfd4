package io.tributary.core.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.model.UnchangedValue;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EventSerializerTest {
    private static final TableId TABLE = TableId.of("db", "public", "t");

    @Test
    void everyValueTypeSurvivesTheWire() throws IOException {
        Object[] row = {null, true, (short) 3, 4, 5L, 6.5f, 7.25, new BigDecimal("-12.340"), "tëxt", new byte[] {0, -1},
            LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 59, 123_456_000), LocalDateTime.of(2024, 1, 1, 0, 0, 1, 5),
            OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 999_999_000, ZoneOffset.UTC), UUID.randomUUID(), List.of(1, 2, 3), UnchangedValue.INSTANCE};
        Event update = DataChangeEvent.update(TABLE, Optional.of(new Object[] {1L}), row, 1_700_000_000_000L);

        assertThat(roundTrip(update)).isEqualTo(update);
    }

    @Test
    void schemaChangesSurviveTheWire() throws IOException {
        TableSchema schema = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT).notNull()), new Column("n", DataType.decimal(5, 1))), List.of("id"));
        for (SchemaChange change : List.of(new SchemaChange.CreateTable(), new SchemaChange.AddColumn(new Column("n", DataType.decimal(5, 1)), Optional.of("id")),
                new SchemaChange.DropColumn("x"), new SchemaChange.RenameColumn("a", "b"), new SchemaChange.AlterColumnType("n", DataType.decimal(9, 1)),
                new SchemaChange.TruncateTable(), new SchemaChange.DropTable())) {
            Event event = new SchemaChangeEvent(TABLE, change, schema);
            assertThat(roundTrip(event)).isEqualTo(event);
        }
    }

    @Test
    void sourcePositionsSurviveTheWire() throws IOException {
        Map<String, Object> binlog = new LinkedHashMap<>();
        binlog.put("file", "mysql-bin.000003");
        binlog.put("pos", 154L);
        binlog.put("row", 0L);
        Event insert = DataChangeEvent.insert(TABLE, new Object[] {1L}, 5L).withSourcePosition(Optional.of(SourcePosition.ofLog(binlog)));
        Event read = DataChangeEvent.read(TABLE, new Object[] {2L}, 6L).withSourcePosition(Optional.of(new SourcePosition(true, Map.of())));

        assertThat(roundTrip(insert)).isEqualTo(insert);
        assertThat(((DataChangeEvent) roundTrip(insert)).sourcePosition().orElseThrow().fields()).containsExactly(
                Map.entry("file", "mysql-bin.000003"), Map.entry("pos", 154L), Map.entry("row", 0L));
        assertThat(roundTrip(read)).isEqualTo(read);
        assertThat(((DataChangeEvent) roundTrip(DataChangeEvent.insert(TABLE, new Object[] {1L}, 5L))).sourcePosition()).isEmpty();
    }

    @Test
    void readsTheRowChangesOfEveryEarlierVersionFromCommittedFixtures() throws IOException {
        DataChangeEvent version1 = (DataChangeEvent) fromFixture("data-change-event-v1.bin");
        assertThat(version1).isEqualTo(EventFixtures.update());
        assertThat(version1.sourcePosition()).isEmpty();

        DataChangeEvent version2 = (DataChangeEvent) fromFixture("data-change-event-v2.bin");
        assertThat(version2).isEqualTo(EventFixtures.positionedUpdate());
        assertThat(version2.sourcePosition().orElseThrow().fields()).containsEntry("lsn", 24_023_128L).containsEntry("txId", 555L);

        DataChangeEvent version3 = (DataChangeEvent) fromFixture("data-change-event-v3.bin");
        assertThat(version3).isEqualTo(EventFixtures.positionedDocumentInsert());
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) version3.after().orElseThrow()[1]).keySet())).as("fields keep their order")
                .containsExactly("_id", "name", "tags", "address", "score", "missing");
    }

    @Test
    void readsTheSchemaChangesOfEveryEarlierVersionFromCommittedFixtures() throws IOException {
        assertThat(fromFixture("schema-change-event-v1.bin")).isEqualTo(EventFixtures.addColumn());
        assertThat(fromFixture("schema-change-event-v2.bin")).isEqualTo(EventFixtures.addColumnWithDefault());
    }

    @Test
    void columnDefaultsAndSnapshotTruncatesSurviveTheWire() throws IOException {
        SchemaChangeEvent added = EventFixtures.addColumnWithDefault();
        SchemaChangeEvent copy = (SchemaChangeEvent) roundTrip(added);
        assertThat(((io.tributary.core.model.SchemaChange.AddColumn) copy.change()).column().defaultValue())
                .contains(io.tributary.core.model.ColumnDefault.literal("'web'", "web"));
        assertThat(copy.schemaAfter().column("created").orElseThrow().defaultValue().orElseThrow().isLiteral()).isFalse();
        SchemaChangeEvent truncate = new SchemaChangeEvent(TABLE, new io.tributary.core.model.SchemaChange.TruncateTable(true), added.schemaAfter());
        assertThat(roundTrip(truncate)).isEqualTo(truncate);
        assertThat(roundTrip(truncate.withTableId(TABLE))).isNotEqualTo(
                new SchemaChangeEvent(TABLE, new io.tributary.core.model.SchemaChange.TruncateTable(), added.schemaAfter()));
    }

    @Test
    void documentsSurviveTheWireNestedAndInOrder() throws IOException {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", new byte[] {1, 2});
        inner.put("a", List.of(Map.of("deep", true), 3L));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_id", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        document.put("when", OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC));
        document.put("inner", inner);
        document.put("amount", new BigDecimal("12.30"));
        Event insert = DataChangeEvent.insert(TABLE, new Object[] {1L, document}, 5L);

        DataChangeEvent copy = (DataChangeEvent) roundTrip(insert);
        Map<?, ?> copied = (Map<?, ?>) copy.after().orElseThrow()[1];
        assertThat(new java.util.ArrayList<Object>(copied.keySet())).containsExactly("_id", "when", "inner", "amount");
        assertThat((byte[]) ((Map<?, ?>) copied.get("inner")).get("z")).containsExactly(1, 2);
        assertThat(((Map<?, ?>) copied.get("inner")).get("a")).isEqualTo(List.of(Map.of("deep", true), 3L));
        assertThat(copied.get("amount")).isEqualTo(new BigDecimal("12.30"));
    }

    @Test
    void anEventOfANewerLayoutIsRefusedWithWhatToDo() {
        DataInputDeserializer newer = new DataInputDeserializer(new byte[] {99});
        assertThatThrownBy(() -> EventSerializer.INSTANCE.deserialize(newer)).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_INCOMPATIBLE)).hasMessageContaining("newer release");
    }

    private static Event fromFixture(String name) throws IOException {
        try (InputStream in = EventSerializerTest.class.getResourceAsStream("/serializer-fixtures/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return EventSerializer.INSTANCE.deserialize(new DataInputDeserializer(in.readAllBytes()));
        }
    }

    private static Event roundTrip(Event event) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        EventSerializer.INSTANCE.serialize(event, out);
        return EventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
