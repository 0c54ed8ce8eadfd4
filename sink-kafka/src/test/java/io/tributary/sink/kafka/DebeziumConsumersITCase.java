package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.serialization.EventTypeInfo;
import io.tributary.core.spi.PipelineContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Debezium consumers read the Kafka sink's {@code debezium-json} topics unchanged: Flink's own
 * {@code debezium-json} format (a Flink SQL table over the topic, with and without
 * {@code debezium-json.schema-include}) and Kafka Connect's {@code JsonConverter} (with
 * {@code schemas.enable=true}, over the sink's {@code debezium-json.include-schema.enabled}
 * records) each rebuild, from a topic on a real broker, the table the source had: same rows, same
 * values and types (decimals, timestamps, dates, times, bytes, JSON, UUID).
 */
class DebeziumConsumersITCase {
    private static final TableId TABLE = TableId.parse("shop.public.orders");
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.BIGINT).notNull()),
            new Column("flag", DataType.of(TypeKind.BOOLEAN)),
            new Column("qty", DataType.of(TypeKind.SMALLINT)),
            new Column("amount", DataType.decimal(20, 4)),
            new Column("ratio", DataType.of(TypeKind.DOUBLE)),
            new Column("name", DataType.withLength(TypeKind.VARCHAR, 40)),
            new Column("photo", DataType.of(TypeKind.BYTES)),
            new Column("doc", DataType.of(TypeKind.JSON)),
            new Column("day", DataType.of(TypeKind.DATE)),
            new Column("at_time", DataType.temporal(TypeKind.TIME, 6)),
            new Column("ordered_at", DataType.temporal(TypeKind.TIMESTAMP, 6)),
            new Column("ordered_ms", DataType.temporal(TypeKind.TIMESTAMP, 3)),
            new Column("paid_at", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6)),
            new Column("ref", DataType.of(TypeKind.UUID))), List.of("id"));

    private static TestingKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestingKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void flinksDebeziumJsonFormatRebuildsTheSourceTable() throws Exception {
        List<Object[]> expected = writeChanges("plain", Map.of());
        assertThat(rebuildWithFlinkSql("plain", false)).containsExactlyInAnyOrderElementsOf(rows(expected));
    }

    @Test
    void flinksDebeziumJsonFormatWithSchemaIncludeAndConnectsJsonConverterRebuildTheSourceTable() throws Exception {
        List<Object[]> expected = writeChanges("wrapped", Map.of("debezium-json.include-schema.enabled", "true"));
        List<ConsumerRecord<byte[], byte[]>> records = broker.readCommitted("wrapped");
        assertThat(rebuildWithFlinkSql("wrapped", true)).containsExactlyInAnyOrderElementsOf(rows(expected));
        assertThat(rebuildWithJsonConverter(records)).containsExactlyInAnyOrderElementsOf(rows(expected));
    }

    /**
     * Writes a snapshot row, inserts, an update (with its old row) and a delete of table
     * {@code TABLE} to {@code topic} through the sink, and returns the rows the source has after them.
     */
    private static List<Object[]> writeChanges(String topic, Map<String, String> options) throws Exception {
        Object[] first = {1L, true, (short) 3, new BigDecimal("12345678901234.5678"), 0.25, "Widget", new byte[] {0, 1, -1, 127},
                "{\"tags\": [\"a\", \"b\"], \"n\": 1}", LocalDate.of(2024, 5, 6), LocalTime.parse("07:30:00.123456"),
                LocalDateTime.parse("2024-05-06T07:30:01.123456"), LocalDateTime.parse("1969-12-31T23:59:59.001"),
                OffsetDateTime.parse("2024-05-06T09:30:00.5+02:00"), java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000")};
        Object[] firstUpdated = first.clone();
        firstUpdated[3] = new BigDecimal("-0.0001");
        firstUpdated[5] = "Widget, \"deluxe\"";
        Object[] second = {2L, null, null, null, null, null, null, null, null, null, null, null, null, null};
        Object[] third = {3L, false, (short) -7, new BigDecimal("0.0000"), -1.5e10, "", new byte[0], "[]", LocalDate.of(1970, 1, 1),
                LocalTime.MIDNIGHT, LocalDateTime.parse("2000-02-29T00:00:00"), LocalDateTime.parse("2038-01-19T03:14:07.999"),
                OffsetDateTime.parse("1999-12-31T23:59:59.999999Z"), java.util.UUID.fromString("00000000-0000-0000-0000-000000000001")};
        List<Event> events = List.of(
                SchemaChangeEvent.createTable(TABLE, SCHEMA),
                DataChangeEvent.read(TABLE, first, 1_000L),
                DataChangeEvent.insert(TABLE, second, 2_000L),
                DataChangeEvent.insert(TABLE, third, 3_000L),
                DataChangeEvent.update(TABLE, Optional.of(first), firstUpdated, 4_000L),
                DataChangeEvent.delete(TABLE, second, 5_000L));

        Map<String, String> block = new HashMap<>(options);
        block.put("properties.bootstrap.servers", broker.bootstrapServers());
        block.put("topic", topic);
        KafkaSinkConfig config = ((KafkaSink) new KafkaSinkFactory().createSink(Configuration.fromMap(block), new PipelineContext(topic, 1))).config();
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "100ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.fromData(EventTypeInfo.INSTANCE, events.toArray(Event[]::new)).sinkTo(new KafkaSink(config, topic).createFlinkSink());
        env.execute(topic);
        return List.of(firstUpdated, third);
    }

    /** A Flink SQL table over the topic, declared as the Flink documentation advises for Debezium's numeric time encodings. */
    private static List<List<Object>> rebuildWithFlinkSql(String topic, boolean schemaInclude) throws Exception {
        List<List<Object>> table = new ArrayList<>();
        for (Row row : DebeziumTopicReaders.flinkSqlTable(broker.bootstrapServers(), topic, "`id` BIGINT, `flag` BOOLEAN, `qty` SMALLINT, "
                + "`amount` DECIMAL(20, 4), `ratio` DOUBLE, `name` STRING, `photo` BYTES, `doc` STRING, "
                + "`day` INT, `at_time` BIGINT, `ordered_at` BIGINT, `ordered_ms` BIGINT, " // Debezium's Date, MicroTime, MicroTimestamp, Timestamp
                + "`paid_at` TIMESTAMP_LTZ(6), `ref` STRING", schemaInclude)) {
            table.add(Arrays.asList(row.getField(0), row.getField(1), row.getField(2), row.getField(3), row.getField(4), row.getField(5),
                    bytes((byte[]) row.getField(6)), row.getField(7), DebeziumTopicReaders.date((Integer) row.getField(8)),
                    DebeziumTopicReaders.microTime((Long) row.getField(9)), DebeziumTopicReaders.microTimestamp((Long) row.getField(10)),
                    DebeziumTopicReaders.timestamp((Long) row.getField(11)), row.getField(12), row.getField(13)));
        }
        return table;
    }

    /** Kafka Connect's JsonConverter with schemas.enable=true, reading Debezium's semantic types as a Debezium consumer does. */
    private static List<List<Object>> rebuildWithJsonConverter(List<ConsumerRecord<byte[], byte[]>> records) {
        return DebeziumTopicReaders.jsonConverterTable(records, "id").stream().map(DebeziumConsumersITCase::connectRow).toList();
    }

    private static List<Object> connectRow(Struct row) {
        assertThat(row.schema().field("doc").schema().name()).isEqualTo("io.debezium.data.Json");
        assertThat(row.schema().field("day").schema().name()).isEqualTo("io.debezium.time.Date");
        assertThat(row.schema().field("at_time").schema().name()).isEqualTo("io.debezium.time.MicroTime");
        assertThat(row.schema().field("ordered_at").schema().name()).isEqualTo("io.debezium.time.MicroTimestamp");
        assertThat(row.schema().field("ordered_ms").schema().name()).isEqualTo("io.debezium.time.Timestamp");
        assertThat(row.schema().field("paid_at").schema().name()).isEqualTo("io.debezium.time.ZonedTimestamp");
        return Arrays.asList(row.getInt64("id"), row.getBoolean("flag"), row.getInt16("qty"),
                Optional.ofNullable(row.getString("amount")).map(BigDecimal::new).orElse(null), row.getFloat64("ratio"), row.getString("name"),
                bytes(row.getBytes("photo")), row.getString("doc"), DebeziumTopicReaders.date(row.getInt32("day")),
                DebeziumTopicReaders.microTime(row.getInt64("at_time")), DebeziumTopicReaders.microTimestamp(row.getInt64("ordered_at")),
                DebeziumTopicReaders.timestamp(row.getInt64("ordered_ms")),
                Optional.ofNullable(row.getString("paid_at")).map(text -> OffsetDateTime.parse(text).toInstant()).orElse(null), row.getString("ref"));
    }

    /** Bytes compared by content. */
    private static List<String> bytes(byte[] bytes) {
        return bytes == null ? null : List.of(Arrays.toString(bytes));
    }

    /** The source rows in the consumers' terms: bytes compared by content, instants for TIMESTAMP_TZ, text for UUID. */
    private static List<List<Object>> rows(List<Object[]> sourceRows) {
        List<List<Object>> rows = new ArrayList<>();
        for (Object[] source : sourceRows) {
            List<Object> row = new ArrayList<>(Arrays.asList(source));
            row.set(6, bytes((byte[]) source[6]));
            row.set(12, source[12] == null ? null : ((OffsetDateTime) source[12]).toInstant());
            row.set(13, source[13] == null ? null : source[13].toString());
            rows.add(row);
        }
        return rows;
    }
}
