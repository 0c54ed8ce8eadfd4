package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.model.UnchangedValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChangeEventEncoderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TableId ORDERS = TableId.parse("app.public.orders");
    private static final TableSchema KEYED = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.BIGINT).notNull()),
            new Column("region", DataType.withLength(TypeKind.VARCHAR, 8).notNull()),
            new Column("note", DataType.of(TypeKind.TEXT))), List.of("id", "region"));

    private final ChangeEventEncoder debezium = new ChangeEventEncoder(ValueFormat.DEBEZIUM_JSON, "pipe");

    @Test
    void encodesEveryOperationInDebeziumsEnvelope() throws IOException {
        Object[] row = {7L, "eu", "hello"};
        Object[] changed = {7L, "eu", "bye"};

        JsonNode read = json(debezium.value(DataChangeEvent.read(ORDERS, row, 1000L), KEYED, 5000L));
        assertThat(read.get("op").asText()).isEqualTo("r");
        assertThat(read.get("before").isNull()).isTrue();
        assertThat(read.get("after").toString()).isEqualTo("{\"id\":7,\"region\":\"eu\",\"note\":\"hello\"}");
        assertThat(read.get("ts_ms").asLong()).isEqualTo(5000L);
        assertThat(read.get("source").toString()).isEqualTo(
                "{\"connector\":\"tributary\",\"name\":\"pipe\",\"ts_ms\":1000,\"snapshot\":\"true\",\"db\":\"app\",\"schema\":\"public\",\"table\":\"orders\"}");

        JsonNode insert = json(debezium.value(DataChangeEvent.insert(ORDERS, row, 2000L), KEYED, 5000L));
        assertThat(insert.get("op").asText()).isEqualTo("c");
        assertThat(insert.get("source").get("snapshot").asText()).isEqualTo("false");
        assertThat(insert.get("source").get("ts_ms").asLong()).isEqualTo(2000L);

        JsonNode update = json(debezium.value(DataChangeEvent.update(ORDERS, Optional.of(row), changed, 3000L), KEYED, 5000L));
        assertThat(update.get("op").asText()).isEqualTo("u");
        assertThat(update.get("before").get("note").asText()).isEqualTo("hello");
        assertThat(update.get("after").get("note").asText()).isEqualTo("bye");

        JsonNode updateWithoutBefore = json(debezium.value(DataChangeEvent.update(ORDERS, Optional.empty(), changed, 3000L), KEYED, 5000L));
        assertThat(updateWithoutBefore.get("before").isNull()).isTrue();

        JsonNode delete = json(debezium.value(DataChangeEvent.delete(ORDERS, changed, 4000L), KEYED, 5000L));
        assertThat(delete.get("op").asText()).isEqualTo("d");
        assertThat(delete.get("before").get("id").asLong()).isEqualTo(7L);
        assertThat(delete.get("after").isNull()).isTrue();
    }

    @Test
    void keysAreThePrimaryKeyAsJson() {
        byte[] key = debezium.key(DataChangeEvent.delete(ORDERS, new Object[] {7L, "eu", null}, 1L), KEYED).orElseThrow();
        assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("{\"id\":7,\"region\":\"eu\"}");
        TableSchema keyless = new TableSchema(KEYED.columns(), List.of());
        assertThat(debezium.key(DataChangeEvent.insert(ORDERS, new Object[] {7L, "eu", null}, 1L), keyless)).isEmpty();
    }

    @Test
    void sourceBlockCarriesTheSourcesPositionFields() throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lsn", 24_023_128L);
        fields.put("txId", 555L);
        DataChangeEvent insert = DataChangeEvent.insert(ORDERS, new Object[] {7L, "eu", null}, 2000L)
                .withSourcePosition(Optional.of(SourcePosition.ofLog(fields)));
        assertThat(json(debezium.value(insert, KEYED, 5000L)).get("source").toString()).isEqualTo(
                "{\"connector\":\"tributary\",\"name\":\"pipe\",\"ts_ms\":2000,\"snapshot\":\"false\",\"db\":\"app\",\"schema\":\"public\","
                        + "\"table\":\"orders\",\"lsn\":24023128,\"txId\":555}");

        Map<String, Object> binlog = new LinkedHashMap<>();
        binlog.put("file", "mysql-bin.000003");
        binlog.put("pos", 154L);
        DataChangeEvent fromBinlog = insert.withSourcePosition(Optional.of(SourcePosition.ofLog(binlog)));
        JsonNode source = json(debezium.value(fromBinlog, KEYED, 5000L)).get("source");
        assertThat(source.get("file").asText()).isEqualTo("mysql-bin.000003");
        assertThat(source.get("pos").isNumber()).isTrue();
    }

    @Test
    void mysqlStyleTableIdsHaveNoSchemaField() throws IOException {
        TableId mysql = TableId.ofDatabaseTable("shop", "orders");
        JsonNode source = json(debezium.value(DataChangeEvent.insert(mysql, new Object[] {1L, "eu", null}, 1L), KEYED, 2L)).get("source");
        assertThat(source.get("db").asText()).isEqualTo("shop");
        assertThat(source.has("schema")).isFalse();
        assertThat(source.get("table").asText()).isEqualTo("orders");
    }

    @Test
    void plainJsonIsTheRowImageWithADeleteMarker() throws IOException {
        ChangeEventEncoder plain = new ChangeEventEncoder(ValueFormat.JSON, "pipe");
        Object[] row = {7L, "eu", "hello"};
        assertThat(json(plain.value(DataChangeEvent.insert(ORDERS, row, 1L), KEYED, 2L)).toString())
                .isEqualTo("{\"id\":7,\"region\":\"eu\",\"note\":\"hello\"}");
        assertThat(json(plain.value(DataChangeEvent.delete(ORDERS, row, 1L), KEYED, 2L)).toString())
                .isEqualTo("{\"id\":7,\"region\":\"eu\",\"note\":\"hello\",\"__deleted\":\"true\"}");
    }

    @Test
    void encodesEveryTypeAsDocumented() {
        assertEncodes(DataType.of(TypeKind.BOOLEAN), true, "true");
        assertEncodes(DataType.of(TypeKind.SMALLINT), (short) -3, "-3");
        assertEncodes(DataType.of(TypeKind.INTEGER), 42, "42");
        assertEncodes(DataType.of(TypeKind.BIGINT), Long.MAX_VALUE, "9223372036854775807");
        assertEncodes(DataType.of(TypeKind.FLOAT), 1.5f, "1.5");
        assertEncodes(DataType.of(TypeKind.DOUBLE), 2.25d, "2.25");
        assertEncodes(DataType.of(TypeKind.DOUBLE), Double.NaN, "\"NaN\"");
        assertEncodes(DataType.of(TypeKind.FLOAT), Float.POSITIVE_INFINITY, "\"Infinity\"");
        assertEncodes(DataType.decimal(20, 4), new BigDecimal("12345678901234567.1200"), "\"12345678901234567.1200\"");
        assertEncodes(DataType.of(TypeKind.DECIMAL), new BigDecimal("1E+3"), "\"1000\"");
        assertEncodes(DataType.withLength(TypeKind.CHAR, 3), "ab ", "\"ab \"");
        assertEncodes(DataType.of(TypeKind.VARCHAR), "é\"x", "\"é\\\"x\"");
        assertEncodes(DataType.of(TypeKind.TEXT), "t", "\"t\"");
        assertEncodes(DataType.of(TypeKind.BYTES), new byte[] {0, 1, (byte) 255}, "\"AAH/\"");
        assertEncodes(DataType.of(TypeKind.DATE), LocalDate.of(1970, 1, 11), "10");
        assertEncodes(DataType.of(TypeKind.DATE), LocalDate.of(1969, 12, 31), "-1");
        assertEncodes(DataType.temporal(TypeKind.TIME, 3), LocalTime.of(0, 0, 1, 2_345_678), "1002");
        assertEncodes(DataType.temporal(TypeKind.TIME, 6), LocalTime.of(0, 0, 1, 2_345_678), "1002345");
        assertEncodes(DataType.of(TypeKind.TIME), LocalTime.of(0, 0, 1, 2_345_678), "1002345");
        assertEncodes(DataType.temporal(TypeKind.TIME, 9), LocalTime.of(0, 0, 1, 2_345_678), "1002345678");
        LocalDateTime instant = LocalDateTime.of(1970, 1, 1, 0, 0, 2, 3_004_005);
        assertEncodes(DataType.temporal(TypeKind.TIMESTAMP, 3), instant, "2003");
        assertEncodes(DataType.temporal(TypeKind.TIMESTAMP, 6), instant, "2003004");
        assertEncodes(DataType.of(TypeKind.TIMESTAMP), instant, "2003004");
        assertEncodes(DataType.temporal(TypeKind.TIMESTAMP, 9), instant, "2003004005");
        assertEncodes(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), OffsetDateTime.of(2024, 5, 6, 9, 30, 0, 120_000_000, ZoneOffset.ofHours(2)),
                "\"2024-05-06T07:30:00.12Z\"");
        assertEncodes(DataType.of(TypeKind.UUID), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "\"123e4567-e89b-12d3-a456-426614174000\"");
        assertEncodes(DataType.of(TypeKind.JSON), "{\"a\": [1, 2]}", "\"{\\\"a\\\": [1, 2]}\"");
        java.util.Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("_id", 7L);
        document.put("tags", List.of("a"));
        assertEncodes(DataType.of(TypeKind.DOCUMENT), document, "\"{\\\"_id\\\":7,\\\"tags\\\":[\\\"a\\\"]}\"");
        assertEncodes(DataType.arrayOf(DataType.of(TypeKind.INTEGER)), Arrays.asList(1, null, 3), "[1,null,3]");
        assertEncodes(DataType.arrayOf(DataType.of(TypeKind.DATE)), List.of(LocalDate.of(1970, 1, 2)), "[1]");
        assertEncodes(DataType.of(TypeKind.TEXT), null, "null");
        assertEncodes(DataType.of(TypeKind.TEXT), UnchangedValue.INSTANCE, "\"__debezium_unavailable_value\"");
    }

    @Test
    void encodesSchemaChangesWithTheSchemaAfter() throws IOException {
        SchemaChangeEncoder encoder = new SchemaChangeEncoder("pipe");
        SchemaChangeEvent added = new SchemaChangeEvent(ORDERS, new SchemaChange.AddColumn(new Column("note", DataType.of(TypeKind.TEXT)),
                Optional.of("region")), KEYED);
        assertThat(new String(encoder.key(added), StandardCharsets.UTF_8)).isEqualTo("{\"table\":\"app.public.orders\"}");
        JsonNode value = json(encoder.value(added, 9L));
        assertThat(value.get("table").asText()).isEqualTo("app.public.orders");
        assertThat(value.get("change").toString()).isEqualTo(
                "{\"type\":\"ADD_COLUMN\",\"column\":{\"name\":\"note\",\"type\":\"TEXT\",\"nullable\":true},\"after\":\"region\"}");
        assertThat(value.get("schema").get("primaryKey").toString()).isEqualTo("[\"id\",\"region\"]");
        assertThat(value.get("schema").get("columns").get(0).toString()).isEqualTo("{\"name\":\"id\",\"type\":\"BIGINT\",\"nullable\":false}");
        assertThat(json(encoder.value(SchemaChangeEvent.createTable(ORDERS, KEYED), 9L)).get("change").get("type").asText()).isEqualTo("CREATE_TABLE");
        assertThat(json(encoder.value(new SchemaChangeEvent(ORDERS, new SchemaChange.RenameColumn("a", "b"), KEYED), 9L)).get("change").toString())
                .isEqualTo("{\"type\":\"RENAME_COLUMN\",\"from\":\"a\",\"to\":\"b\"}");
    }

    @Test
    void aColumnsDefaultTravelsWithTheSchemaChange() throws IOException {
        Column channel = new Column("channel", DataType.withLength(TypeKind.VARCHAR, 20),
                Optional.of(io.tributary.core.model.ColumnDefault.literal("'web'::character varying", "web")));
        Column created = new Column("created", DataType.of(TypeKind.DATE), Optional.of(io.tributary.core.model.ColumnDefault.computed("CURRENT_DATE")));
        TableSchema after = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT).notNull()), channel, created), List.of("id"));
        JsonNode value = json(new SchemaChangeEncoder("pipe").value(new SchemaChangeEvent(ORDERS, new SchemaChange.AddColumn(channel, Optional.empty()), after), 9L));
        assertThat(value.get("change").get("column").toString()).isEqualTo("{\"name\":\"channel\",\"type\":\"VARCHAR(20)\",\"nullable\":true,"
                + "\"defaultValueExpression\":\"'web'::character varying\",\"defaultValue\":\"web\"}");
        assertThat(value.get("schema").get("columns").get(2).toString()).isEqualTo("{\"name\":\"created\",\"type\":\"DATE\",\"nullable\":true,"
                + "\"defaultValueExpression\":\"CURRENT_DATE\"}");
    }

    private static void assertEncodes(DataType type, Object value, String expectedJson) {
        assertThat(ColumnValueEncoder.encode(value, type).toString()).as("%s %s", type, value).isEqualTo(expectedJson);
    }

    @Test
    void writesMongoCollectionsInDebeziumsMongoEnvelope() throws IOException {
        TableId collection = TableId.ofSchemaTable("shop", "orders"); // as the router names a collection by default
        TableSchema schema = new TableSchema(List.of(new Column("_id", DataType.of(TypeKind.INTEGER).notNull()),
                new Column("document", DataType.of(TypeKind.DOCUMENT))), List.of("_id"));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_id", 7);
        document.put("total", 12L);
        document.put("price", 2.5);
        document.put("amount", new BigDecimal("10.20"));
        document.put("at", OffsetDateTime.of(2024, 5, 6, 7, 30, 0, 0, ZoneOffset.UTC));
        document.put("blob", new byte[] {0, 1, (byte) 0xff});
        document.put("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        document.put("ref", Map.of("$oid", "5f1d7f3e9d1e8a2b3c4d5e6f"));
        document.put("tags", List.of("a", 1));
        Map<String, Object> position = new LinkedHashMap<>();
        position.put("db", "shop");
        position.put("collection", "orders");
        position.put("ts_ms", 3000L);
        position.put("ord", 4L);
        DataChangeEvent update = DataChangeEvent.update(collection, Optional.empty(), new Object[] {7, document}, 3000L)
                .withSourcePosition(Optional.of(SourcePosition.ofLog(position)));

        JsonNode value = json(debezium.value(update, schema, 5000L));
        assertThat(value.get("op").asText()).isEqualTo("u");
        assertThat(value.get("before").isNull()).isTrue();
        assertThat(value.get("after").asText()).isEqualTo("{\"_id\":7,\"total\":{\"$numberLong\":\"12\"},\"price\":2.5,"
                + "\"amount\":{\"$numberDecimal\":\"10.20\"},\"at\":{\"$date\":1714980600000},\"blob\":{\"$binary\":\"AAH/\",\"$type\":\"00\"},"
                + "\"uuid\":{\"$binary\":\"Ej5FZ+ibEtOkVkJmFBdAAA==\",\"$type\":\"04\"},\"ref\":{\"$oid\":\"5f1d7f3e9d1e8a2b3c4d5e6f\"},"
                + "\"tags\":[\"a\",1]}");
        assertThat(value.get("source").toString()).isEqualTo("{\"connector\":\"tributary\",\"name\":\"pipe\",\"ts_ms\":3000,"
                + "\"snapshot\":\"false\",\"db\":\"shop\",\"collection\":\"orders\",\"ord\":4}");
        assertThat(new String(debezium.key(update, schema).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{\"_id\":7}");

        JsonNode delete = json(debezium.value(DataChangeEvent.delete(collection, new Object[] {7, null}, 4000L), schema, 5000L));
        assertThat(delete.get("op").asText()).isEqualTo("d");
        assertThat(delete.get("before").isNull()).as("no pre-image").isTrue();
        assertThat(delete.get("after").isNull()).isTrue();

        ChangeEventEncoder withSchema = new ChangeEventEncoder(ValueFormat.DEBEZIUM_JSON, new RecordLayout(KeyFormat.JSON, false, Map.of(), true), "pipe");
        JsonNode fields = json(withSchema.value(update, schema, 5000L)).get("schema").get("fields");
        assertThat(fields.get(1).toString()).isEqualTo(
                "{\"type\":\"string\",\"optional\":true,\"name\":\"io.debezium.data.Json\",\"version\":1,\"field\":\"after\"}");
    }

    private static JsonNode json(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }
}
