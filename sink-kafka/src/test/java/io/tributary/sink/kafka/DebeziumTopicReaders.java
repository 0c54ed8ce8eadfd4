package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Debezium's consumers over a {@code debezium-json} topic, each rebuilding the table the topic's
 * changes describe: a Flink SQL table in Flink's {@code debezium-json} format, and Kafka Connect's
 * {@code JsonConverter}; with the decoding of Debezium's numeric time encodings consumers apply.
 */
public final class DebeziumTopicReaders {
    private DebeziumTopicReaders() {}

    /**
     * The rows a Flink SQL table over {@code topic} ({@code 'format' = 'debezium-json'}, read with
     * {@code read_committed} from the start to the topic's current end) rebuilds from its changelog,
     * keyed by the first column.
     *
     * @param columns the table's column list in Flink SQL, e.g. {@code `id` BIGINT, `amount` DECIMAL(20, 4)}
     */
    public static List<Row> flinkSqlTable(String bootstrapServers, String topic, String columns, boolean schemaInclude) throws Exception {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tables.executeSql("CREATE TABLE changes (" + columns + ") WITH ("
                + "'connector' = 'kafka', 'topic' = '" + topic + "', 'properties.bootstrap.servers' = '" + bootstrapServers + "', "
                + "'properties.isolation.level' = 'read_committed', 'scan.startup.mode' = 'earliest-offset', "
                + "'scan.bounded.mode' = 'latest-offset', 'format' = 'debezium-json', "
                + "'debezium-json.schema-include' = '" + schemaInclude + "', 'debezium-json.timestamp-format.standard' = 'ISO-8601')");
        Map<Object, Row> table = new LinkedHashMap<>();
        try (CloseableIterator<Row> changes = tables.executeSql("SELECT * FROM changes").collect()) {
            while (changes.hasNext()) {
                Row change = changes.next();
                Object key = change.getField(0);
                switch (change.getKind()) {
                    case INSERT, UPDATE_AFTER -> table.put(key, change);
                    case UPDATE_BEFORE, DELETE -> assertThat(table.remove(key)).as("the row with key %s was there to remove", key).isNotNull();
                }
            }
        }
        return new ArrayList<>(table.values());
    }

    /**
     * The rows Kafka Connect's JsonConverter ({@code schemas.enable=true}) rebuilds from records in
     * Debezium's {@code schema}/{@code payload} form: each key's last {@code after}, deletes applied.
     */
    public static List<Struct> jsonConverterTable(List<ConsumerRecord<byte[], byte[]>> records, String keyField) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        Map<Object, Struct> table = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            SchemaAndValue value = converter.toConnectData(record.topic(), record.value());
            if (value.value() == null) {
                continue; // a tombstone
            }
            Struct envelope = (Struct) value.value();
            if (envelope.getString("op").equals("d")) {
                table.remove(envelope.getStruct("before").get(keyField));
            } else {
                Struct after = envelope.getStruct("after");
                table.put(after.get(keyField), after);
            }
        }
        return new ArrayList<>(table.values());
    }

    /** {@code io.debezium.time.Date}: days since the epoch. */
    public static LocalDate date(Integer days) {
        return days == null ? null : LocalDate.ofEpochDay(days);
    }

    /** {@code io.debezium.time.MicroTime}: microseconds since midnight. */
    public static LocalTime microTime(Long micros) {
        return micros == null ? null : LocalTime.ofNanoOfDay(micros * 1_000);
    }

    /** {@code io.debezium.time.MicroTimestamp}: microseconds since the epoch, the wall time as UTC. */
    public static LocalDateTime microTimestamp(Long micros) {
        return micros == null ? null
                : LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }

    /** {@code io.debezium.time.Timestamp}: milliseconds since the epoch, the wall time as UTC. */
    public static LocalDateTime timestamp(Long millis) {
        return millis == null ? null : LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
