package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableEvolutionTest {
    private static final TableId T = TableId.of("FREEPDB1", "APP", "T");
    private static final Column ID = new Column("ID", DataType.of(TypeKind.BIGINT).withNullable(false));
    private static final Column NAME = new Column("NAME", DataType.withLength(TypeKind.VARCHAR, 20));
    private static final Column NOTE = new Column("NOTE", DataType.withLength(TypeKind.VARCHAR, 20));
    private static final Column PRICE = new Column("PRICE", DataType.decimal(10, 2));

    @Test
    void theSameColumnsChangeNothing() {
        assertThat(TableEvolution.between(T, schema(ID, NAME), schema(ID, NAME))).isEmpty();
    }

    @Test
    void anAddedColumnIsAddedAfterTheColumnBeforeIt() {
        List<SchemaChangeEvent> events = TableEvolution.between(T, schema(ID, NAME), schema(ID, PRICE, NAME));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.change()).isEqualTo(new SchemaChange.AddColumn(PRICE, Optional.of("ID")));
            assertThat(event.schemaAfter()).isEqualTo(schema(ID, PRICE, NAME));
        });
    }

    @Test
    void aColumnAtTheSamePlaceWithTheSameTypeAndANewNameIsRenamed() {
        assertThat(TableEvolution.between(T, schema(ID, NAME), schema(ID, NOTE))).extracting(SchemaChangeEvent::change)
                .containsExactly(new SchemaChange.RenameColumn("NAME", "NOTE"));
    }

    @Test
    void dropsThenTypeChangesThenAdditionsEachWithTheSchemaAfterIt() {
        Column widerName = new Column("NAME", DataType.withLength(TypeKind.VARCHAR, 40));
        List<SchemaChangeEvent> events = TableEvolution.between(T, schema(ID, NAME, PRICE), schema(ID, widerName, NOTE));

        assertThat(events).extracting(SchemaChangeEvent::change).containsExactly(new SchemaChange.DropColumn("PRICE"),
                new SchemaChange.AlterColumnType("NAME", widerName.type()), new SchemaChange.AddColumn(NOTE, Optional.of("NAME")));
        assertThat(events.get(0).schemaAfter()).isEqualTo(schema(ID, NAME));
        assertThat(events.get(2).schemaAfter()).isEqualTo(schema(ID, widerName, NOTE));
    }

    private static TableSchema schema(Column... columns) {
        return new TableSchema(List.of(columns), List.of("ID"));
    }
}
