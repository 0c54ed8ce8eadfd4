package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TableSelector;
import io.tributary.core.model.TypeKind;
import io.tributary.core.transform.TransformDefinition;
import io.tributary.core.transform.TransformRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class KeyPartitionerTest {
    private static final TableId KEYED = TableId.of("db", "public", "keyed");
    private static final TableId KEYLESS = TableId.of("db", "public", "keyless");
    private static final TableSchema KEYED_SCHEMA = new TableSchema(
            List.of(new Column("id", DataType.of(TypeKind.BIGINT).notNull()), new Column("v", DataType.of(TypeKind.TEXT))), List.of("id"));
    private static final TableSchema KEYLESS_SCHEMA = new TableSchema(List.of(new Column("v", DataType.of(TypeKind.TEXT))), List.of());

    private final KeyPartitioner partitioner = new KeyPartitioner(4);
    private final List<Tuple2<Integer, Event>> out = new ArrayList<>();
    private final Collector<Tuple2<Integer, Event>> collector = new Collector<>() {
        @Override
        public void collect(Tuple2<Integer, Event> record) {
            out.add(record);
        }

        @Override
        public void close() {}
    };

    @Test
    void schemaChangesReachEverySubtaskAndRowsOfOneKeyOneSubtask() {
        partitioner.flatMap(SchemaChangeEvent.createTable(KEYED, KEYED_SCHEMA), collector);
        assertThat(out).extracting(t -> t.f0).containsExactly(0, 1, 2, 3);
        out.clear();

        partitioner.flatMap(DataChangeEvent.insert(KEYED, new Object[] {7L, "a"}, 0), collector);
        partitioner.flatMap(DataChangeEvent.update(KEYED, Optional.of(new Object[] {7L, "a"}), new Object[] {7L, "b"}, 0), collector);
        partitioner.flatMap(DataChangeEvent.delete(KEYED, new Object[] {7L, "b"}, 0), collector);
        assertThat(out).extracting(t -> t.f0).containsOnly(out.get(0).f0);
    }

    @Test
    void anUpdateThatChangesTheKeyBecomesDeleteAndInsertOnEachKeysSubtask() {
        partitioner.flatMap(SchemaChangeEvent.createTable(KEYED, KEYED_SCHEMA), collector);
        out.clear();
        int oldKeyChannel = channelOf(DataChangeEvent.insert(KEYED, new Object[] {1L, "x"}, 0));
        int newKeyChannel = channelOf(DataChangeEvent.insert(KEYED, new Object[] {2L, "x"}, 0));
        out.clear();

        SourcePosition position = SourcePosition.ofLog(Map.of("lsn", 42L));
        partitioner.flatMap(DataChangeEvent.update(KEYED, Optional.of(new Object[] {1L, "x"}), new Object[] {2L, "y"}, 0)
                .withSourcePosition(Optional.of(position)), collector);

        assertThat(out).hasSize(2);
        assertThat(out).as("both halves keep where the source read the update")
                .allSatisfy(record -> assertThat(((DataChangeEvent) record.f1).sourcePosition()).contains(position));
        assertThat(out.get(0).f0).isEqualTo(oldKeyChannel);
        assertThat(((DataChangeEvent) out.get(0).f1).operation()).isEqualTo(Operation.DELETE);
        assertThat(out.get(1).f0).isEqualTo(newKeyChannel);
        assertThat(((DataChangeEvent) out.get(1).f1).operation()).isEqualTo(Operation.INSERT);
    }

    @Test
    void emptyingAKeylessTableGoesOnlyToTheSubtaskHoldingItsRows() {
        partitioner.flatMap(SchemaChangeEvent.createTable(KEYLESS, KEYLESS_SCHEMA), collector);
        out.clear();
        int rowsChannel = channelOf(DataChangeEvent.insert(KEYLESS, new Object[] {"a"}, 0));
        out.clear();

        partitioner.flatMap(new SchemaChangeEvent(KEYLESS, new SchemaChange.TruncateTable(), KEYLESS_SCHEMA), collector);

        assertThat(out).extracting(t -> t.f0).containsExactly(rowsChannel);
    }

    @Test
    void partitionKeysOfATransformChooseTheSubtask() {
        TransformDefinition byValue = new TransformDefinition(TableSelector.parse("db.public.keyed"), Optional.empty(), Optional.empty(), List.of(),
                List.of("v"), Map.of(), Optional.empty(), Optional.empty());
        KeyPartitioner byPartitionKey = new KeyPartitioner(4, new TransformRules(List.of(byValue)));
        byPartitionKey.flatMap(SchemaChangeEvent.createTable(KEYED, KEYED_SCHEMA), collector);
        out.clear();
        for (long id = 0; id < 50; id++) {
            byPartitionKey.flatMap(DataChangeEvent.insert(KEYED, new Object[] {id, "same"}, 0), collector);
        }
        assertThat(out).extracting(t -> t.f0).as("rows of one partition key, whatever their primary key, go to one subtask").containsOnly(out.get(0).f0);

        out.clear();
        byPartitionKey.flatMap(DataChangeEvent.update(KEYED, Optional.of(new Object[] {1L, "same"}), new Object[] {1L, "other"}, 0), collector);
        byPartitionKey.flatMap(DataChangeEvent.update(KEYED, Optional.of(new Object[] {1L, "other"}), new Object[] {1L, "same"}, 0), collector);
        assertThat(out).extracting(t -> ((DataChangeEvent) t.f1).operation()).as("a row that changes partition moves as delete and insert")
                .containsExactly(Operation.DELETE, Operation.INSERT, Operation.DELETE, Operation.INSERT);
    }

    private int channelOf(Event event) {
        partitioner.flatMap(event, collector);
        return out.get(out.size() - 1).f0;
    }
}
