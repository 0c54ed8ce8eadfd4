package io.tributary.core.serialization;

import io.tributary.core.model.Column;
import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Sample row changes, and a main that writes the current version's sample (a source position
 * since version 2, a document value since version 3) with the current {@link EventSerializer} as a committed fixture ({@code data-change-event-v<version>.bin}). When the event layout gets a new
 * version, run the main once with {@code cdc-core/src/test/resources/serializer-fixtures} as
 * argument (test class path) and commit the new file; never regenerate an older version's file.
 */
public final class EventFixtures {
    static final TableId TABLE = TableId.of("appdb", "public", "orders");

    private EventFixtures() {}

    /** The sample change with a PostgreSQL-style log position (version 2 on). */
    static DataChangeEvent positionedUpdate() {
        return update().withSourcePosition(Optional.of(SourcePosition.ofLog(samplePosition())));
    }

    private static Map<String, Object> samplePosition() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lsn", 24_023_128L);
        fields.put("txId", 555L);
        fields.put("note", "text field");
        return fields;
    }

    /** A change of a document, with a log position: what version 3 added (documents as values). */
    static DataChangeEvent positionedDocumentInsert() {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Zürich");
        address.put("zip", 8001);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_id", 42L);
        document.put("name", "ada");
        document.put("tags", List.of("a", "b"));
        document.put("address", address);
        document.put("score", 9.5);
        document.put("missing", null);
        return DataChangeEvent.insert(TABLE, new Object[] {42L, document}, 1_700_000_000_000L)
                .withSourcePosition(Optional.of(SourcePosition.ofLog(samplePosition())));
    }

    /** The sample change as version 1 wrote it: no source position. */
    static DataChangeEvent update() {
        Object[] before = {7L, new BigDecimal("12.50"), "hello", LocalDate.of(2024, 2, 29), List.of(1, 2)};
        Object[] after = {7L, new BigDecimal("13.00"), "hello", LocalDate.of(2024, 2, 29), List.of(1, 2, 3)};
        return DataChangeEvent.update(TABLE, Optional.of(before), after, 1_700_000_000_000L);
    }

    /** A column added after another, with the table's schema after it: the schema change as version 1 wrote it. */
    static SchemaChangeEvent addColumn() {
        Column channel = new Column("channel", DataType.withLength(TypeKind.VARCHAR, 20));
        TableSchema after = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT).notNull()), channel,
                new Column("amount", DataType.decimal(10, 2))), List.of("id"));
        return new SchemaChangeEvent(TABLE, new SchemaChange.AddColumn(channel, Optional.of("id")), after);
    }

    /** A column added with a constant default, beside one with a computed default: what version 2 of schema changes added. */
    static SchemaChangeEvent addColumnWithDefault() {
        Column channel = new Column("channel", DataType.withLength(TypeKind.VARCHAR, 20), Optional.of(ColumnDefault.literal("'web'", "web")));
        TableSchema after = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT).notNull()), channel,
                new Column("created", DataType.temporal(TypeKind.TIMESTAMP, 6), Optional.of(ColumnDefault.computed("CURRENT_TIMESTAMP"))),
                new Column("since", DataType.of(TypeKind.DATE), Optional.of(ColumnDefault.literal("'2024-02-29'", LocalDate.of(2024, 2, 29))))),
                List.of("id"));
        return new SchemaChangeEvent(TABLE, new SchemaChange.AddColumn(channel, Optional.of("id")), after);
    }

    /**
     * Writes the current versions' samples. Schema changes are written as {@link #addColumnWithDefault()}
     * from version 2 on ({@link #addColumn()} was version 1's).
     */
    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), "data-change-event-v" + EventSerializer.DATA_CHANGE_VERSION + ".bin", positionedDocumentInsert());
        write(Path.of(args[0]), "schema-change-event-v" + EventSerializer.SCHEMA_CHANGE_VERSION + ".bin", addColumnWithDefault());
    }

    private static void write(Path directory, String name, io.tributary.core.model.Event event) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        EventSerializer.INSTANCE.serialize(event, out);
        Path file = directory.resolve(name);
        Files.write(file, out.getCopyOfBuffer());
        System.out.println("Wrote " + file);
    }
}
