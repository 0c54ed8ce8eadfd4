package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.model.UnchangedValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanalJsonEncoderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TableId ORDERS = TableId.parse("app.public.orders");
    private static final TableSchema KEYED = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.BIGINT).notNull()),
            new Column("amount", DataType.decimal(10, 2)),
            new Column("note", DataType.withLength(TypeKind.VARCHAR, 20))), List.of("id"));

    private final ChangeEventEncoder canal = new ChangeEventEncoder(ValueFormat.CANAL_JSON, "pipe");

    @Test
    void insertIsCanalsFlatMessage() throws IOException {
        JsonNode insert = json(canal.value(DataChangeEvent.insert(ORDERS, new Object[] {7L, new BigDecimal("12.50"), "hello"}, 1000L), KEYED, 5000L));
        assertThat(insert.toString()).isEqualTo("{\"data\":[{\"id\":\"7\",\"amount\":\"12.50\",\"note\":\"hello\"}],\"old\":null,\"type\":\"INSERT\","
                + "\"database\":\"app\",\"schema\":\"public\",\"table\":\"orders\",\"pkNames\":[\"id\"],\"isDdl\":false,\"es\":1000,\"ts\":5000,\"sql\":\"\","
                + "\"sqlType\":{\"id\":-5,\"amount\":3,\"note\":12},\"mysqlType\":{\"id\":\"bigint\",\"amount\":\"decimal(10,2)\",\"note\":\"varchar(20)\"}}");
    }

    @Test
    void snapshotReadsAreInserts() throws IOException {
        JsonNode read = json(canal.value(DataChangeEvent.read(ORDERS, new Object[] {7L, null, null}, 1000L), KEYED, 5000L));
        assertThat(read.get("type").asText()).isEqualTo("INSERT");
        assertThat(read.get("data").get(0).get("amount").isNull()).isTrue();
    }

    @Test
    void updateListsTheOldValuesOfChangedColumnsOnly() throws IOException {
        Object[] before = {7L, new BigDecimal("12.50"), "hello"};
        Object[] after = {7L, new BigDecimal("13.00"), "hello"};
        JsonNode update = json(canal.value(DataChangeEvent.update(ORDERS, Optional.of(before), after, 2000L), KEYED, 5000L));
        assertThat(update.get("type").asText()).isEqualTo("UPDATE");
        assertThat(update.get("data").toString()).isEqualTo("[{\"id\":\"7\",\"amount\":\"13.00\",\"note\":\"hello\"}]");
        assertThat(update.get("old").toString()).isEqualTo("[{\"amount\":\"12.50\"}]");

        JsonNode withoutBefore = json(canal.value(DataChangeEvent.update(ORDERS, Optional.empty(), after, 2000L), KEYED, 5000L));
        assertThat(withoutBefore.get("old").toString()).as("which columns changed is unknown").isEqualTo("[{}]");
    }

    @Test
    void deleteCarriesTheDeletedRowInData() throws IOException {
        JsonNode delete = json(canal.value(DataChangeEvent.delete(ORDERS, new Object[] {7L, new BigDecimal("1.00"), "bye"}, 3000L), KEYED, 5000L));
        assertThat(delete.get("type").asText()).isEqualTo("DELETE");
        assertThat(delete.get("data").toString()).isEqualTo("[{\"id\":\"7\",\"amount\":\"1.00\",\"note\":\"bye\"}]");
        assertThat(delete.get("old").isNull()).isTrue();
    }

    @Test
    void mysqlStyleIdsAndKeylessTables() throws IOException {
        TableSchema keyless = new TableSchema(KEYED.columns(), List.of());
        JsonNode message = json(canal.value(DataChangeEvent.insert(TableId.ofDatabaseTable("shop", "orders"), new Object[] {1L, null, null}, 1L), keyless, 2L));
        assertThat(message.get("database").asText()).isEqualTo("shop");
        assertThat(message.has("schema")).isFalse();
        assertThat(message.get("table").asText()).isEqualTo("orders");
        assertThat(message.get("pkNames").isNull()).isTrue();
    }

    @Test
    void valuesAreSqlTextAndTypesAreNamed() {
        assertEncodes(DataType.of(TypeKind.BOOLEAN), true, "\"true\"", 16, "tinyint(1)");
        assertEncodes(DataType.of(TypeKind.SMALLINT), (short) -3, "\"-3\"", 5, "smallint");
        assertEncodes(DataType.of(TypeKind.INTEGER), 42, "\"42\"", 4, "int");
        assertEncodes(DataType.of(TypeKind.FLOAT), 1.5f, "\"1.5\"", 7, "float");
        assertEncodes(DataType.of(TypeKind.DOUBLE), 1e20, "\"100000000000000000000\"", 8, "double");
        assertEncodes(DataType.of(TypeKind.DOUBLE), Double.NaN, "\"NaN\"", 8, "double");
        assertEncodes(DataType.of(TypeKind.DECIMAL), new BigDecimal("1E+3"), "\"1000\"", 3, "decimal(65,30)");
        assertEncodes(DataType.withLength(TypeKind.CHAR, 3), "ab ", "\"ab \"", 1, "char(3)");
        assertEncodes(DataType.of(TypeKind.TEXT), "t", "\"t\"", 2005, "longtext");
        assertEncodes(DataType.of(TypeKind.BYTES), new byte[] {0, 1, (byte) 255}, "\"AAH/\"", 2004, "longblob");
        assertEncodes(DataType.of(TypeKind.DATE), LocalDate.of(2024, 5, 6), "\"2024-05-06\"", 91, "date");
        assertEncodes(DataType.temporal(TypeKind.TIME, 0), LocalTime.of(7, 30), "\"07:30:00\"", 92, "time");
        assertEncodes(DataType.temporal(TypeKind.TIME, 6), LocalTime.of(7, 30, 0, 120_000_000), "\"07:30:00.12\"", 92, "time(6)");
        assertEncodes(DataType.temporal(TypeKind.TIMESTAMP, 3), LocalDateTime.of(2024, 5, 6, 7, 30, 1, 5_000_000), "\"2024-05-06 07:30:01.005\"", 93,
                "datetime(3)");
        assertEncodes(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6), OffsetDateTime.of(2024, 5, 6, 9, 30, 0, 0, ZoneOffset.ofHours(2)),
                "\"2024-05-06 07:30:00Z\"", 2014, "timestamp(6)");
        assertEncodes(DataType.of(TypeKind.UUID), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "\"123e4567-e89b-12d3-a456-426614174000\"", 12,
                "char(36)");
        assertEncodes(DataType.of(TypeKind.JSON), "{\"a\": 1}", "\"{\\\"a\\\": 1}\"", 12, "json");
        assertEncodes(DataType.arrayOf(DataType.of(TypeKind.INTEGER)), Arrays.asList(1, null), "[\"1\",null]", 2003, "json");
        assertEncodes(DataType.of(TypeKind.TEXT), UnchangedValue.INSTANCE, "\"__debezium_unavailable_value\"", 2005, "longtext");
    }

    private static void assertEncodes(DataType type, Object value, String expectedJson, int sqlType, String mysqlType) {
        assertThat(CanalValueEncoder.encode(value, type).toString()).as("%s %s", type, value).isEqualTo(expectedJson);
        assertThat(CanalColumnTypes.sqlType(type)).as("sqlType of %s", type).isEqualTo(sqlType);
        assertThat(CanalColumnTypes.mysqlType(type)).as("mysqlType of %s", type).isEqualTo(mysqlType);
    }

    private static JsonNode json(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }
}
