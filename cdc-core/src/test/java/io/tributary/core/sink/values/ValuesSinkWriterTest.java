package io.tributary.core.sink.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.sink.blackhole.TestingWriterInitContext;
import io.tributary.core.spi.ConnectorFactories;
import io.tributary.core.spi.InertOptionNotes;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class ValuesSinkWriterTest {
    private static final TableId ORDERS = TableId.parse("app_db.orders");
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.BIGINT).notNull()),
            new Column("product", DataType.withLength(TypeKind.VARCHAR, 20)),
            new Column("price", DataType.decimal(10, 2)),
            new Column("ordered_at", DataType.temporal(TypeKind.TIMESTAMP, 3)),
            new Column("photo", DataType.of(TypeKind.BYTES))), List.of("id"));
    private static final TableSchema WITH_NOTE = new TableSchema(List.of(SCHEMA.columns().get(0), SCHEMA.columns().get(1),
            SCHEMA.columns().get(2), SCHEMA.columns().get(3), SCHEMA.columns().get(4), new Column("note", DataType.of(TypeKind.TEXT))),
            List.of("id"));

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Test
    void printsEveryEventOnALineOfItsOwn() throws Exception {
        try (ValuesSinkWriter writer = writer(new TestingWriterInitContext(), false)) {
            Object[] row = {1L, "Widget", new BigDecimal("9.90"), LocalDateTime.parse("2024-05-06T07:30:01.005"), new byte[] {0, 1, -1}};
            Object[] changed = {1L, "Widget", new BigDecimal("12.50"), LocalDateTime.parse("2024-05-06T07:30:01.005"), null, "gift"};
            writer.write(SchemaChangeEvent.createTable(ORDERS, SCHEMA), null);
            writer.write(DataChangeEvent.read(ORDERS, row, 0), null);
            writer.write(new SchemaChangeEvent(ORDERS, new SchemaChange.AddColumn(WITH_NOTE.columns().get(5), Optional.of("photo")), WITH_NOTE), null);
            writer.write(DataChangeEvent.update(ORDERS, Optional.empty(), changed, 0), null);
            writer.write(DataChangeEvent.delete(ORDERS, changed, 0), null);
            writer.flush(false);
        }
        assertThat(lines()).containsExactly(
                "CreateTableEvent{tableId=app_db.orders, schema=columns={`id` BIGINT NOT NULL,`product` VARCHAR(20),`price` DECIMAL(10,2),"
                        + "`ordered_at` TIMESTAMP(3),`photo` BYTES}, primaryKeys=id}",
                "DataChangeEvent{tableId=app_db.orders, before=[], after=[1, Widget, 9.90, 2024-05-06T07:30:01.005, AAH/], op=READ}",
                "AddColumnEvent{tableId=app_db.orders, schema=columns={`id` "
                        + "BIGINT NOT NULL,`product` VARCHAR(20),`price` DECIMAL(10,2),`ordered_at` TIMESTAMP(3),`photo` BYTES,`note` TEXT}, primaryKeys=id}",
                "DataChangeEvent{tableId=app_db.orders, before=[], after=[1, Widget, 12.50, 2024-05-06T07:30:01.005, null, gift], op=UPDATE}",
                "DataChangeEvent{tableId=app_db.orders, before=[1, Widget, 12.50, 2024-05-06T07:30:01.005, null, gift], after=[], op=DELETE}");
    }

    @Test
    void parallelWritersPrefixTheirSubtask() throws Exception {
        try (ValuesSinkWriter writer = writer(new TestingWriterInitContext(1, 2), false)) {
            writer.write(DataChangeEvent.insert(ORDERS, new Object[] {2L, "Gadget", null, null, null}, 0), null);
        }
        assertThat(lines()).containsExactly("1> DataChangeEvent{tableId=app_db.orders, before=[], after=[2, Gadget, null, null, null], op=INSERT}");
    }

    @Test
    void errorOnSchemaChangeRefusesAllButTableCreation() throws Exception {
        try (ValuesSinkWriter writer = writer(new TestingWriterInitContext(), true)) {
            writer.write(SchemaChangeEvent.createTable(ORDERS, SCHEMA), null);
            SchemaChangeEvent add = new SchemaChangeEvent(ORDERS, new SchemaChange.AddColumn(WITH_NOTE.columns().get(5), Optional.empty()), WITH_NOTE);
            assertThatThrownBy(() -> writer.write(add, null)).isInstanceOfSatisfying(TributaryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_SCHEMA_CHANGE_FAILED)).hasMessageContaining("error.on.schema.change is true");
        }
        assertThat(lines()).hasSize(1);
    }

    @Test
    void isFoundByItsTypeAndSaysWhatFlinkCdcOnlyOptionsDoNot() {
        Configuration options = Configuration.fromMap(Map.of("print.enabled", "false", "materialized.in.memory", "true"));
        PipelineSink sink = ConnectorFactories.sink("values").createSink(options, new PipelineContext("p", 1));
        assertThat(sink.validate().findings()).singleElement().asString().startsWith("discards every change event");
        assertThat(InertOptionNotes.of(new ValuesSinkFactory(), options.toMap(), "sink (values)")).containsExactly(
                "Option 'materialized.in.memory' in sink (values) has no effect: it serves Flink CDC's own tests; this sink only prints.");
        assertThat(ValuesSinkOptions.PRINT_ENABLED.defaultValue()).isTrue();
        assertThat(ValuesSinkOptions.ERROR_ON_SCHEMA_CHANGE.defaultValue()).isFalse();
    }

    private ValuesSinkWriter writer(TestingWriterInitContext context, boolean failOnSchemaChange) {
        return new ValuesSinkWriter(context, "p", new PrintStream(printed, true, StandardCharsets.UTF_8), failOnSchemaChange);
    }

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
