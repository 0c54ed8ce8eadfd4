package io.tributary.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.ChunkKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** How the chunk-key option is written, which table gets which column, and what is refused with which advice. */
class ChunkKeyColumnsTest {
    private static final TableId EVENTS = TableId.ofDatabaseTable("app", "events");
    private static final TableId AUDIT = TableId.ofDatabaseTable("app", "audit_2024");
    private static final TableId ORDERS = TableId.ofDatabaseTable("app", "orders");
    private static final DataType INT = DataType.of(TypeKind.INTEGER);
    private static final TableSchema KEYLESS = new TableSchema(List.of(new Column("event_id", INT.notNull()), new Column("seq", INT.notNull()),
            new Column("note", DataType.of(TypeKind.TEXT))), List.of());
    private static final TableSchema KEYED = new TableSchema(List.of(new Column("id", INT.notNull()), new Column("seq", INT.notNull())), List.of("id"));

    @Test
    void aBareColumnAppliesToEveryTableAndPatternsPickTheirTables() {
        assertThat(ChunkKeyColumns.parse("seq").columnFor(EVENTS)).contains("seq");
        ChunkKeyColumns perTable = ChunkKeyColumns.parse("app\\.events:event_id; app\\.audit_.*:seq");
        assertThat(perTable.columnFor(EVENTS)).contains("event_id");
        assertThat(perTable.columnFor(AUDIT)).contains("seq");
        assertThat(perTable.columnFor(ORDERS)).isEmpty();
        assertThat(ChunkKeyColumns.from(Configuration.fromMap(Map.of()))).satisfies(c -> assertThat(c.isEmpty()).isTrue());
    }

    @Test
    void travelsWithTheJobAsPartOfTheSourceOptions() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(ChunkKeyColumns.parse("app\\.events:event_id;seq"));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ChunkKeyColumns copy = (ChunkKeyColumns) in.readObject();
            assertThat(copy.columnFor(EVENTS)).contains("event_id");
            assertThat(copy.columnFor(ORDERS)).contains("seq");
        }
    }

    @Test
    void malformedValuesAreRefusedWithTheFormToUse() {
        for (String value : List.of("app\\.events:", ":seq", "app\\.[events:seq", " ; ")) {
            assertThatThrownBy(() -> ChunkKeyColumns.parse(value)).isInstanceOfSatisfying(TributaryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageContaining("scan.incremental.snapshot.chunk.key-column").hasMessageContaining("table-pattern:column");
        }
    }

    @Test
    void aKeylessTableIsChunkedByAUniqueNotNullColumnAndAKeyedOneByItsKey() throws Exception {
        ChunkKeyChoice choice = new ChunkKeyChoice(ChunkKeyColumns.parse("seq"), (table, column) -> new ChunkKeyChoice.ColumnFacts(true, true, true));
        assertThat(choice.chunkKeyOf(EVENTS, KEYLESS)).isEqualTo(ChunkKey.of(List.of("seq")));
        assertThat(choice.chunkKeyOf(ORDERS, KEYED)).as("a bare column name leaves keyed tables alone").isEqualTo(ChunkKey.of(List.of("id")));
        ChunkKeyChoice none = new ChunkKeyChoice(ChunkKeyColumns.none(), (table, column) -> {
            throw new AssertionError("no column to inspect");
        });
        assertThat(none.chunkKeyOf(EVENTS, KEYLESS)).isEqualTo(ChunkKey.none());
    }

    @Test
    void aColumnThatCannotIdentifyRowsIsRefusedSayingWhatToChange() {
        assertRefused("seq", new ChunkKeyChoice.ColumnFacts(true, false, true), KEYLESS, EVENTS, "may hold NULL");
        assertRefused("seq", new ChunkKeyChoice.ColumnFacts(true, true, false), KEYLESS, EVENTS, "CREATE UNIQUE INDEX");
        assertRefused("missing", new ChunkKeyChoice.ColumnFacts(false, false, false), KEYLESS, EVENTS, "no such column (its columns: event_id, seq, note)");
        assertRefused("app\\.orders:seq", new ChunkKeyChoice.ColumnFacts(true, true, true), KEYED, ORDERS, "has the primary key (id)");
    }

    private static void assertRefused(String option, ChunkKeyChoice.ColumnFacts facts, TableSchema schema, TableId table, String advice) {
        ChunkKeyChoice choice = new ChunkKeyChoice(ChunkKeyColumns.parse(option), (t, column) -> facts);
        assertThatThrownBy(() -> choice.chunkKeyOf(table, schema)).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_TABLE_UNSUPPORTED))
                .hasMessageContaining("Table " + table).hasMessageContaining(advice).hasMessageContaining("read as one chunk");
    }
}
