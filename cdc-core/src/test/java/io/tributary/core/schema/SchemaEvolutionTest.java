package io.tributary.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the sink receives for each source schema change under each behaviour, and how rows follow. */
class SchemaEvolutionTest {
    private static final TableId SOURCE = TableId.of("app", "public", "orders");
    private static final TableId SINK = TableId.ofSchemaTable("ods", "orders");
    private static final Column ID = new Column("id", DataType.of(TypeKind.BIGINT).notNull());
    private static final Column NAME = new Column("name", DataType.withLength(TypeKind.VARCHAR, 10).notNull());
    private static final Column CHANNEL = new Column("channel", DataType.withLength(TypeKind.VARCHAR, 20), Optional.of(ColumnDefault.literal("'web'", "web")));
    private static final TableSchema V1 = schema(ID, NAME);

    private final List<Event> received = new ArrayList<>();

    @Test
    void lenientAddsNullableColumnsKeepsDroppedAndRenamedOnesAndOnlyWidens() {
        SchemaEvolution evolution = evolution(SchemaChangeBehavior.LENIENT, Map.of());
        create(evolution, V1);
        TableSchema v2 = schema(ID, NAME, CHANNEL);
        change(evolution, new SchemaChange.AddColumn(CHANNEL, Optional.of("name")), v2);
        TableSchema v3 = schema(ID, CHANNEL);
        change(evolution, new SchemaChange.DropColumn("name"), v3);
        TableSchema v4 = schema(ID, CHANNEL.withName("origin"));
        change(evolution, new SchemaChange.RenameColumn("channel", "origin"), v4);
        TableSchema v5 = schema(ID.withType(DataType.of(TypeKind.INTEGER).notNull()), CHANNEL.withName("origin"));
        change(evolution, new SchemaChange.AlterColumnType("id", DataType.of(TypeKind.INTEGER).notNull()), v5);
        change(evolution, new SchemaChange.TruncateTable(), v5);
        row(evolution, new Object[] {7, "shop"});

        assertThat(changes()).containsExactly("CREATE TABLE", "ADD COLUMN channel VARCHAR(20) DEFAULT 'web'", "ALTER COLUMN name TYPE VARCHAR(10)",
                "ADD COLUMN origin VARCHAR(20)");
        assertThat(lastSchema().columnNames()).containsExactly("id", "name", "channel", "origin");
        assertThat(lastSchema().column("id").orElseThrow().type()).as("a narrowed type stays wide").isEqualTo(DataType.of(TypeKind.BIGINT).notNull());
        assertThat(lastRow()).as("rows fill the kept columns with their default or NULL, in the sink's types").containsExactly(7L, null, "web", "shop");
    }

    @Test
    void evolveAppliesEachChangeAsMadeAndRowsPassUnchanged() {
        SchemaEvolution evolution = evolution(SchemaChangeBehavior.EVOLVE, Map.of());
        create(evolution, V1);
        TableSchema v2 = schema(ID, CHANNEL, NAME);
        change(evolution, new SchemaChange.AddColumn(CHANNEL, Optional.of("id")), v2);
        TableSchema v3 = schema(ID, CHANNEL);
        change(evolution, new SchemaChange.DropColumn("name"), v3);
        TableSchema v4 = schema(ID, CHANNEL.withName("origin"));
        change(evolution, new SchemaChange.RenameColumn("channel", "origin"), v4);
        change(evolution, new SchemaChange.TruncateTable(), v4);
        Object[] row = {7L, "shop"};
        row(evolution, row);

        assertThat(changes()).containsExactly("CREATE TABLE", "ADD COLUMN channel VARCHAR(20) DEFAULT 'web'", "DROP COLUMN name",
                "RENAME COLUMN channel TO origin", "TRUNCATE TABLE");
        assertThat(lastSchema()).isEqualTo(v4);
        assertThat(lastRow()).isSameAs(row);
    }

    @Test
    void ignoreKeepsTheSchemaTheTableWasCreatedWith() {
        SchemaEvolution evolution = evolution(SchemaChangeBehavior.IGNORE, Map.of());
        create(evolution, V1);
        TableSchema v2 = schema(ID, NAME, CHANNEL);
        change(evolution, new SchemaChange.AddColumn(CHANNEL, Optional.empty()), v2);
        row(evolution, new Object[] {7L, "a", "web"});

        assertThat(changes()).containsExactly("CREATE TABLE");
        assertThat(lastRow()).containsExactly(7L, "a");
    }

    @Test
    void exceptionFailsNamingTheChangeButLetsTablesBeCreatedAndCopied() {
        SchemaEvolution evolution = evolution(SchemaChangeBehavior.EXCEPTION, Map.of());
        create(evolution, V1);
        change(evolution, new SchemaChange.TruncateTable(true), V1);
        create(evolution, V1);

        assertThatThrownBy(() -> change(evolution, new SchemaChange.AddColumn(CHANNEL, Optional.empty()), schema(ID, NAME, CHANNEL)))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_CHANGE_REFUSED))
                .hasMessageContaining("app.public.orders").hasMessageContaining("ADD COLUMN channel VARCHAR(20) DEFAULT 'web'")
                .hasMessageContaining("schema.change.behavior is exception");
        assertThat(changes()).containsExactly("CREATE TABLE", "TRUNCATE TABLE");
    }

    @Test
    void excludedKindsDoNotReachTheSinkAndRowsKeepItsSchema() {
        SchemaEvolution evolution = evolution(SchemaChangeBehavior.EVOLVE, Map.of("exclude.schema.changes", "drop.column;rename"));
        create(evolution, V1);
        change(evolution, new SchemaChange.DropColumn("name"), schema(ID));
        change(evolution, new SchemaChange.AddColumn(CHANNEL, Optional.empty()), schema(ID, CHANNEL));
        row(evolution, new Object[] {7L, "web"});

        assertThat(changes()).containsExactly("CREATE TABLE", "ADD COLUMN channel VARCHAR(20) DEFAULT 'web'");
        assertThat(lastRow()).containsExactly(7L, null, "web");
    }

    @Test
    void shardsMergeIntoTheUnionOfTheirSchemasAndAChangeOfOneIsAppliedOnce() {
        SchemaEvolution evolution = evolution(SchemaChangeBehavior.LENIENT, Map.of());
        TableId shard1 = TableId.of("app", "public", "orders_1");
        TableId shard2 = TableId.of("app", "public", "orders_2");
        Column narrowId = new Column("id", DataType.of(TypeKind.INTEGER).notNull());
        Column region = new Column("region", DataType.withLength(TypeKind.CHAR, 2).notNull());
        evolution.process(SchemaChangeEvent.createTable(shard1, schema(narrowId, NAME, region)), SINK, received::add);
        evolution.process(SchemaChangeEvent.createTable(shard2, schema(ID, NAME.withType(DataType.withLength(TypeKind.VARCHAR, 30)))), SINK, received::add);
        evolution.process(DataChangeEvent.insert(shard1, new Object[] {1, "a", "eu"}, 1L), SINK, received::add);
        evolution.process(DataChangeEvent.insert(shard2, new Object[] {2L, "b"}, 1L), SINK, received::add);
        assertThat(lastRow()).containsExactly(2L, "b", null);
        TableSchema shard1V2 = schema(narrowId, NAME, region, CHANNEL);
        evolution.process(new SchemaChangeEvent(shard1, new SchemaChange.AddColumn(CHANNEL, Optional.empty()), shard1V2), SINK, received::add);
        evolution.process(SchemaChangeEvent.createTable(shard1, shard1V2), SINK, received::add);
        evolution.process(DataChangeEvent.insert(shard1, new Object[] {3, "c", "us", "app"}, 1L), SINK, received::add);
        evolution.process(DataChangeEvent.insert(shard2, new Object[] {4L, "d"}, 1L), SINK, received::add);

        assertThat(changes()).containsExactly("CREATE TABLE", "ALTER COLUMN region TYPE CHAR(2)", "ALTER COLUMN id TYPE BIGINT NOT NULL",
                "ALTER COLUMN name TYPE VARCHAR(30)", "ADD COLUMN channel VARCHAR(20) DEFAULT 'web'");
        assertThat(lastSchema()).isEqualTo(new TableSchema(List.of(ID, NAME.withType(DataType.withLength(TypeKind.VARCHAR, 30)),
                region.withType(DataType.withLength(TypeKind.CHAR, 2)), CHANNEL), List.of("id")));
        List<Object[]> rows = received.stream().filter(DataChangeEvent.class::isInstance).map(e -> ((DataChangeEvent) e).after().orElseThrow()).toList();
        assertThat(rows.get(2)).as("an INTEGER of one shard is a BIGINT in the merged table").containsExactly(3L, "c", "us", "app");
        assertThat(rows.get(3)).as("a shard without a column gives its rows the column's default").containsExactly(4L, "d", null, "web");
        assertThat(received).filteredOn(DataChangeEvent.class::isInstance).allSatisfy(event -> assertThat(event.tableId()).isEqualTo(SINK));
    }

    @Test
    void aRestoredStateAnnouncesTheSinkSchemaItKeptBeforeTheFirstRow() throws Exception {
        SchemaEvolution before = evolution(SchemaChangeBehavior.LENIENT, Map.of());
        create(before, V1);
        change(before, new SchemaChange.DropColumn("name"), schema(ID));
        SchemaEvolutionState restored = new SchemaEvolutionState();
        restored.merge(new SchemaEvolutionState().serialize());
        restored.merge(before.state().serialize());
        received.clear();

        SchemaEvolution after = new SchemaEvolution(SchemaChangeBehavior.LENIENT, SchemaChangeFilter.all(), restored);
        after.process(SchemaChangeEvent.createTable(SOURCE, schema(ID)), SINK, received::add);
        row(after, new Object[] {9L});

        assertThat(changes()).containsExactly("CREATE TABLE");
        assertThat(lastSchema().columnNames()).containsExactly("id", "name");
        assertThat(lastRow()).containsExactly(9L, null);
    }

    private SchemaEvolution evolution(SchemaChangeBehavior behavior, Map<String, String> sinkOptions) {
        return new SchemaEvolution(behavior, SchemaChangeFilter.fromSinkOptions(sinkOptions, behavior), new SchemaEvolutionState());
    }

    private void create(SchemaEvolution evolution, TableSchema schema) {
        evolution.process(SchemaChangeEvent.createTable(SOURCE, schema), SINK, received::add);
    }

    private void change(SchemaEvolution evolution, SchemaChange change, TableSchema after) {
        evolution.process(new SchemaChangeEvent(SOURCE, change, after), SINK, received::add);
    }

    private void row(SchemaEvolution evolution, Object[] row) {
        evolution.process(DataChangeEvent.insert(SOURCE, row, 1L), SINK, received::add);
    }

    private List<String> changes() {
        return received.stream().filter(SchemaChangeEvent.class::isInstance).map(e -> SchemaEdits.describe(((SchemaChangeEvent) e).change())).toList();
    }

    private TableSchema lastSchema() {
        return received.stream().filter(SchemaChangeEvent.class::isInstance).map(e -> ((SchemaChangeEvent) e).schemaAfter()).reduce((a, b) -> b).orElseThrow();
    }

    private Object[] lastRow() {
        return received.stream().filter(DataChangeEvent.class::isInstance).map(e -> ((DataChangeEvent) e).after().orElseThrow())
                .reduce((a, b) -> b).orElseThrow();
    }

    private static TableSchema schema(Column... columns) {
        return new TableSchema(List.of(columns), List.of("id"));
    }
}
