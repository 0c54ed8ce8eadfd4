package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingPostgresServer;
import io.tributary.sink.kafka.DebeziumTopicReaders;
import io.tributary.sink.kafka.TestingKafkaBroker;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.flink.types.Row;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL through {@code tributary run} into a Kafka topic in {@code debezium-json} with
 * Debezium's schema wrapper ({@code debezium-json.include-schema.enabled}), snapshot and streamed
 * changes: a Flink SQL table in Flink's {@code debezium-json} format and Kafka Connect's
 * {@code JsonConverter} each rebuild exactly the source table, types included.
 */
class PostgresToDebeziumConsumersITCase {
    private static final String TOPIC = "shop-items";

    private static TestingPostgresServer source;
    private static TestingKafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() throws Exception {
        source = TestingPostgresServer.start();
        broker = TestingKafkaBroker.start();
        source.createUser("cdc", "cdc-secret", "REPLICATION");
        source.createDatabase("shop");
        source.execute("shop",
                "CREATE TABLE items (id bigint PRIMARY KEY, amount numeric(20,4), created timestamp(6), paid timestamptz, day date, "
                        + "photo bytea, doc jsonb, flag boolean, note text)",
                "ALTER TABLE items REPLICA IDENTITY FULL",
                "INSERT INTO items VALUES (1, 12345678901234.5678, '2024-05-06 07:30:01.123456', '2024-05-06 09:30:00.5+02', '2024-02-29', "
                        + "'\\x0001ff7f', '{\"tags\": [\"a\", \"b\"], \"n\": 1}', true, 'first'), "
                        + "(2, -0.0001, '1969-12-31 23:59:59.000001', '1999-12-31 23:59:59.999999+00', '1970-01-01', '\\x', '[]', false, ''), "
                        + "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO cdc",
                "GRANT CREATE ON DATABASE shop TO cdc",
                "ALTER TABLE items OWNER TO cdc");
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (source != null) {
            source.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void flinksDebeziumJsonFormatAndConnectsJsonConverterRebuildTheSourceTable() throws Exception {
        Path pipeline = work.resolve("shop-to-kafka.yaml");
        Files.writeString(pipeline, """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: cdc
                  password: cdc-secret
                  tables: shop.public.items
                  slot.name: shop_items
                sink:
                  type: kafka
                  properties.bootstrap.servers: %s
                  topic: %s
                  debezium-json.include-schema.enabled: true
                pipeline:
                  name: Shop to Kafka
                  execution.checkpointing.interval: 500ms
                """.formatted(source.port(), broker.bootstrapServers(), TOPIC), StandardCharsets.UTF_8);
        try (TributaryProcess run = TributaryProcess.start(work.resolve("run.log"), "run", pipeline.toString(), "--state-dir",
                work.resolve("state").toString())) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
            source.execute("shop",
                    "UPDATE items SET amount = 0.0000, note = 'changed, \"quoted\"', paid = '2038-01-19 03:14:07.999+00' WHERE id = 1",
                    "DELETE FROM items WHERE id = 2",
                    "INSERT INTO items VALUES (4, 1.5, '2000-02-29 00:00:00', '2024-01-01 00:00:00+00', '2000-01-01', '\\xcafe', "
                            + "'{\"k\": null}', true, 'fourth')");
            // 3 snapshot rows, the update, the delete and its tombstone, the insert.
            awaitRecords(7, run);
            assertThat(run.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }

        List<List<Object>> expected = sourceRows();
        assertThat(expected).hasSize(3);
        List<List<Object>> fromFlink = new ArrayList<>();
        for (Row row : DebeziumTopicReaders.flinkSqlTable(broker.bootstrapServers(), TOPIC, "`id` BIGINT, `amount` DECIMAL(20, 4), "
                + "`created` BIGINT, `paid` TIMESTAMP_LTZ(6), `day` INT, `photo` BYTES, `doc` STRING, `flag` BOOLEAN, `note` STRING", true)) {
            fromFlink.add(Arrays.asList(row.getField(0), row.getField(1), DebeziumTopicReaders.microTimestamp((Long) row.getField(2)),
                    row.getField(3), DebeziumTopicReaders.date((Integer) row.getField(4)), bytes((byte[]) row.getField(5)), row.getField(6),
                    row.getField(7), row.getField(8)));
        }
        assertThat(fromFlink).containsExactlyInAnyOrderElementsOf(expected);

        List<List<Object>> fromConnect = new ArrayList<>();
        for (Struct row : DebeziumTopicReaders.jsonConverterTable(broker.readCommitted(TOPIC), "id")) {
            fromConnect.add(Arrays.asList(row.getInt64("id"), Optional.ofNullable(row.getString("amount")).map(BigDecimal::new).orElse(null),
                    DebeziumTopicReaders.microTimestamp(row.getInt64("created")),
                    Optional.ofNullable(row.getString("paid")).map(text -> OffsetDateTime.parse(text).toInstant()).orElse(null),
                    DebeziumTopicReaders.date(row.getInt32("day")), bytes(row.getBytes("photo")), row.getString("doc"), row.getBoolean("flag"),
                    row.getString("note")));
        }
        assertThat(fromConnect).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void awaitRecords(int count, TributaryProcess run) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (broker.readCommitted(TOPIC).size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the topic did not reach " + count + " records:\n" + run.tail());
            }
            Thread.sleep(200);
        }
    }

    /** The source table read over JDBC, in the consumers' terms. */
    private static List<List<Object>> sourceRows() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = source.connect("shop"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, amount, created, paid, day, photo, doc, flag, note FROM items")) {
            while (rs.next()) {
                OffsetDateTime paid = rs.getObject(4, OffsetDateTime.class);
                rows.add(Arrays.asList(rs.getLong(1), rs.getBigDecimal(2), rs.getObject(3, LocalDateTime.class),
                        paid == null ? null : paid.toInstant(), rs.getObject(5, LocalDate.class), bytes(rs.getBytes(6)), rs.getString(7),
                        rs.getObject(8), rs.getString(9)));
            }
        }
        return rows;
    }

    private static List<String> bytes(byte[] bytes) {
        return bytes == null ? null : List.of(Arrays.toString(bytes));
    }
}
