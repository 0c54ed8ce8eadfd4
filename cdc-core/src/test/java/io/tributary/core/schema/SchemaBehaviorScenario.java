package io.tributary.core.schema;

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
import java.util.function.Consumer;

/**
 * One source table's life, for running every schema-change behaviour against a real sink: rows
 * 1–2, ADD COLUMN channel DEFAULT 'web' and row 3, DROP COLUMN name and row 4, RENAME COLUMN channel
 * TO origin and row 5, TRUNCATE and row 6, ALTER COLUMN origin TYPE INTEGER (which a target holding
 * text refuses) and row 7. Sinks pass the events {@link SchemaEvolution} makes of them to their
 * writer and check their target.
 */
public final class SchemaBehaviorScenario {
    public static final TableId SOURCE_TABLE = TableId.of("app", "public", "people");
    private static final Column ID = new Column("id", DataType.of(TypeKind.BIGINT).notNull());
    private static final Column NAME = new Column("name", DataType.withLength(TypeKind.VARCHAR, 20));
    private static final Column CHANNEL = new Column("channel", DataType.withLength(TypeKind.VARCHAR, 20), Optional.of(ColumnDefault.literal("'web'", "web")));
    private static final Column ORIGIN = CHANNEL.withName("origin");

    private SchemaBehaviorScenario() {}

    /** The source's events, in order. */
    public static List<Event> sourceEvents() {
        List<Event> events = new ArrayList<>();
        TableSchema v1 = schema(ID, NAME);
        events.add(SchemaChangeEvent.createTable(SOURCE_TABLE, v1));
        events.add(insert(1L, "ann"));
        events.add(insert(2L, "bob"));
        TableSchema v2 = schema(ID, NAME, CHANNEL);
        events.add(new SchemaChangeEvent(SOURCE_TABLE, new SchemaChange.AddColumn(CHANNEL, Optional.of("name")), v2));
        events.add(insert(3L, "cid", "shop"));
        TableSchema v3 = schema(ID, CHANNEL);
        events.add(new SchemaChangeEvent(SOURCE_TABLE, new SchemaChange.DropColumn("name"), v3));
        events.add(insert(4L, "app"));
        TableSchema v4 = schema(ID, ORIGIN);
        events.add(new SchemaChangeEvent(SOURCE_TABLE, new SchemaChange.RenameColumn("channel", "origin"), v4));
        events.add(insert(5L, "mail"));
        events.add(new SchemaChangeEvent(SOURCE_TABLE, new SchemaChange.TruncateTable(), v4));
        events.add(insert(6L, "post"));
        DataType integer = DataType.of(TypeKind.INTEGER);
        TableSchema v5 = schema(ID, new Column("origin", integer));
        events.add(new SchemaChangeEvent(SOURCE_TABLE, new SchemaChange.AlterColumnType("origin", integer), v5));
        events.add(insert(7L, 42));
        return events;
    }

    /**
     * Passes the source's events through the behaviour and the sink's schema-change lists to
     * {@code sink}, with {@code sinkTable} as every event's sink table; stops at the first failure.
     */
    public static void run(SchemaChangeBehavior behavior, Map<String, String> sinkOptions, TableId sinkTable, Consumer<Event> sink) {
        SchemaEvolution evolution = new SchemaEvolution(behavior, SchemaChangeFilter.fromSinkOptions(sinkOptions, behavior), new SchemaEvolutionState());
        for (Event event : sourceEvents()) {
            evolution.process(event, sinkTable, sink);
        }
    }

    private static DataChangeEvent insert(Object... row) {
        return DataChangeEvent.insert(SOURCE_TABLE, row, 1L);
    }

    private static TableSchema schema(Column... columns) {
        return new TableSchema(List.of(columns), List.of("id"));
    }
}
