package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB → PostgreSQL through the command line with everything a migrated Flink CDC pipeline
 * combines: two shard tables routed to one merged table, a transform on the shards (the source
 * columns, an upper-cased and a computed column, the shard's name, and a filter that rows move into
 * and out of), writes during the snapshot and while streaming, and an {@code ADD COLUMN … DEFAULT}
 * on one shard while streaming. The target must end equal to the view of the two shards that the
 * transform and the route describe, computed by MariaDB itself.
 */
class MariaDbShardsTransformITCase {
    private static final int ROWS_PER_SHARD = 20_000;
    private static final int SECOND_SHARD_IDS = 1_000_000;
    private static final int RESTART_ROWS_PER_SHARD = 2_000;
    /** What a resumed run prints once it reads the log again (the stream restored, or started after the restored snapshot). */
    private static final String RESUMED = "Reading the binlog of|Streaming changes from the log";
    private static TestingMariaDbServer source;
    private static TestingPostgresServer target;

    /**
     * The merged table as SQL over the shards: a shard without {@code channel} contributes the
     * column's default, as the merged target column has it (PostgreSQL fills an added column's
     * default into every row, and an insert that leaves the column out gets it too).
     */
    private static final String EXPECTED = "SELECT id, product, price, qty, status, channel, product_code, total, shard FROM ("
            + "SELECT id, product, price, qty, status, %s AS channel, UPPER(product) AS product_code, price * qty AS total,"
            + " 'orders_1' AS shard FROM orders_1 WHERE status <> 'test'"
            + " UNION ALL SELECT id, product, price, qty, status, %s, UPPER(product), price * qty, 'orders_2' FROM orders_2"
            + " WHERE status <> 'test') expected ORDER BY id";
    private static final String ACTUAL = "SELECT id, product, price, qty, status, %s AS channel, product_code, total, shard"
            + " FROM ods.orders ORDER BY id";

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        source = TestingMariaDbServer.start();
        target = TestingPostgresServer.start();
        target.createDatabase("warehouse");
        source.execute("mysql",
                "CREATE USER 'cdc'@'%' IDENTIFIED BY 'cdc-secret'",
                "CREATE USER 'cdc'@'localhost' IDENTIFIED BY 'cdc-secret'",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cdc'@'%'",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cdc'@'localhost'");
        source.createDatabase("app");
        source.execute("app",
                "CREATE TABLE orders_1 (id INT PRIMARY KEY, product VARCHAR(40) NOT NULL, price DECIMAL(10,2) NOT NULL, qty INT NOT NULL,"
                        + " status VARCHAR(12) NOT NULL)",
                "CREATE TABLE orders_2 (id BIGINT PRIMARY KEY, product VARCHAR(60) NOT NULL, price DECIMAL(10,2) NOT NULL, qty INT NOT NULL,"
                        + " status VARCHAR(12) NOT NULL)",
                "INSERT INTO orders_1 SELECT seq, CONCAT('product ', seq % 37), (seq % 100) + 0.25, seq % 13,"
                        + " ELT(1 + seq % 4, 'new', 'paid', 'test', 'shipped') FROM seq_1_to_" + ROWS_PER_SHARD,
                "INSERT INTO orders_2 SELECT seq + " + SECOND_SHARD_IDS + ", CONCAT('gadget ', seq % 41), (seq % 70) + 0.5, seq % 7,"
                        + " ELT(1 + seq % 3, 'test', 'paid', 'new') FROM seq_1_to_" + ROWS_PER_SHARD);
        source.createDatabase("restart");
        source.execute("restart",
                "CREATE TABLE orders_1 (id INT PRIMARY KEY, product VARCHAR(40) NOT NULL, price DECIMAL(10,2) NOT NULL, qty INT NOT NULL,"
                        + " status VARCHAR(12) NOT NULL)",
                "CREATE TABLE orders_2 (id BIGINT PRIMARY KEY, product VARCHAR(60) NOT NULL, price DECIMAL(10,2) NOT NULL, qty INT NOT NULL,"
                        + " status VARCHAR(12) NOT NULL)",
                "INSERT INTO orders_1 SELECT seq, CONCAT('product ', seq % 37), (seq % 100) + 0.25, seq % 13,"
                        + " ELT(1 + seq % 4, 'new', 'paid', 'test', 'shipped') FROM seq_1_to_" + RESTART_ROWS_PER_SHARD,
                "INSERT INTO orders_2 SELECT seq + " + SECOND_SHARD_IDS + ", CONCAT('gadget ', seq % 41), (seq % 70) + 0.5, seq % 7,"
                        + " ELT(1 + seq % 3, 'test', 'paid', 'new') FROM seq_1_to_" + RESTART_ROWS_PER_SHARD);
    }

    @AfterAll
    static void stopServers() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void mergedTargetEndsEqualToTheTransformedViewOfTheShards() throws Exception {
        Path pipeline = writePipeline();
        try (TributaryProcess tributary = TributaryProcess.start(work.resolve("run.log"), "run", pipeline.toString(), "--state-dir",
                work.resolve("state").toString())) {
            // during the snapshot: rows leave and enter the filter, change within it, are deleted and inserted, on both shards
            tributary.awaitOutput("Capturing 2 tables", Duration.ofSeconds(60));
            int round = 0;
            while (!tributary.output().contains("Snapshot finished") && round < 40) {
                int base = 1 + round * 50;
                source.execute("app",
                        "UPDATE orders_1 SET status = 'test' WHERE id BETWEEN " + base + " AND " + (base + 9),
                        "UPDATE orders_2 SET status = 'paid', qty = qty + 1 WHERE id BETWEEN " + (SECOND_SHARD_IDS + base) + " AND "
                                + (SECOND_SHARD_IDS + base + 9),
                        "UPDATE orders_1 SET price = price + 1 WHERE id BETWEEN " + (base + 10) + " AND " + (base + 19),
                        "DELETE FROM orders_2 WHERE id BETWEEN " + (SECOND_SHARD_IDS + base + 20) + " AND " + (SECOND_SHARD_IDS + base + 24),
                        "INSERT INTO orders_1 VALUES (" + (ROWS_PER_SHARD + 1 + round) + ", 'during snapshot', 3.00, 2, 'new')");
                round++;
                Thread.sleep(100); // spread the writes over the snapshot
            }
            assertThat(round).as("write rounds started during the snapshot").isGreaterThan(0);
            tributary.awaitOutput("Streaming changes from the log", Duration.ofSeconds(60));
            awaitEqual(tributary, "NULL", "NULL");

            source.execute("app",
                    "UPDATE orders_1 SET status = 'test' WHERE id % 5 = 1 AND id BETWEEN 3000 AND 3400",
                    "UPDATE orders_2 SET status = 'shipped' WHERE status = 'test' AND id BETWEEN " + (SECOND_SHARD_IDS + 3000) + " AND "
                            + (SECOND_SHARD_IDS + 3400),
                    "DELETE FROM orders_1 WHERE id BETWEEN 3500 AND 3520",
                    "ALTER TABLE orders_1 ADD COLUMN channel VARCHAR(12) DEFAULT 'web'",
                    "INSERT INTO orders_1 VALUES (30001, 'after alter', 4.50, 3, 'new', 'shop'), (30002, 'hidden', 1.00, 1, 'test', 'shop')",
                    "UPDATE orders_1 SET channel = 'phone', qty = qty + 2 WHERE id BETWEEN 4000 AND 4010",
                    "UPDATE orders_1 SET status = 'paid', channel = 'phone' WHERE id BETWEEN 4100 AND 4120 AND status = 'test'",
                    "INSERT INTO orders_2 VALUES (" + (SECOND_SHARD_IDS + 30001) + ", 'late gadget', 7.25, 2, 'new')",
                    "UPDATE orders_2 SET status = 'test' WHERE id BETWEEN " + (SECOND_SHARD_IDS + 4000) + " AND " + (SECOND_SHARD_IDS + 4030),
                    "DELETE FROM orders_2 WHERE id BETWEEN " + (SECOND_SHARD_IDS + 5000) + " AND " + (SECOND_SHARD_IDS + 5010));
            awaitEqual(tributary, "channel", "'web'");

            try (Connection connection = target.connect("warehouse")) {
                assertThat(TableContents.count(connection, "ods.orders WHERE channel = 'web' AND id < " + SECOND_SHARD_IDS))
                        .as("rows of the first shard copied before the ADD COLUMN got its default").isGreaterThan(1_000);
                assertThat(TableContents.count(connection, "ods.orders WHERE status = 'test'")).as("rows the filter keeps out").isZero();
            }
            assertThat(tributary.problems()).as("warnings and errors").doesNotContain(" ERROR ");
            int exit = tributary.terminate(Duration.ofSeconds(60));
            assertThat(exit).isIn(0, 143);
        }
    }

    /**
     * The merged table evolves (ADD COLUMN on one shard while streaming), the process is killed at
     * once, both shards change while it is down, and the same command resumes; then it is killed
     * again once a checkpoint has the evolved schema, and resumes again. The target must end equal
     * to the view each time.
     */
    @Test
    void aRestartAfterTheMergedTableEvolvedResumesWhereItStopped() throws Exception {
        Path pipeline = writePipeline("restart", "ods.restarted", "5430-5431", "status <> 'test'");
        Path state = work.resolve("restart-state");
        try (TributaryProcess first = TributaryProcess.start(work.resolve("restart-1.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
            first.awaitOutput("Streaming changes from the log", Duration.ofSeconds(60));
            awaitEqual(first, "restart", "ods.restarted", "NULL", "NULL");
            source.execute("restart",
                    "ALTER TABLE orders_1 ADD COLUMN channel VARCHAR(12) DEFAULT 'web'",
                    "INSERT INTO orders_1 VALUES (3001, 'after alter', 4.50, 3, 'new', 'shop')",
                    "UPDATE orders_1 SET channel = 'phone', qty = qty + 2 WHERE id BETWEEN 100 AND 110",
                    "INSERT INTO orders_2 VALUES (" + (SECOND_SHARD_IDS + 3001) + ", 'late gadget', 7.25, 2, 'new')");
            awaitEqual(first, "restart", "ods.restarted", "channel", "'web'");
            first.kill();
        }
        source.execute("restart",
                "UPDATE orders_1 SET status = 'test', channel = 'mail' WHERE id BETWEEN 200 AND 230",
                "UPDATE orders_1 SET status = 'paid' WHERE id BETWEEN 300 AND 340 AND status = 'test'",
                "INSERT INTO orders_1 VALUES (3002, 'while down', 2.00, 1, 'new', 'phone')",
                "DELETE FROM orders_2 WHERE id BETWEEN " + (SECOND_SHARD_IDS + 500) + " AND " + (SECOND_SHARD_IDS + 520),
                "INSERT INTO orders_2 VALUES (" + (SECOND_SHARD_IDS + 3002) + ", 'while down', 3.00, 4, 'paid')");
        try (TributaryProcess second = TributaryProcess.start(work.resolve("restart-2.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
            second.awaitOutput(RESUMED, Duration.ofSeconds(60));
            awaitEqual(second, "restart", "ods.restarted", "channel", "'web'");
            source.execute("restart",
                    "UPDATE orders_1 SET channel = 'shop' WHERE id BETWEEN 400 AND 420",
                    "INSERT INTO orders_1 VALUES (3003, 'after restart', 5.00, 5, 'new', DEFAULT)",
                    "UPDATE orders_2 SET qty = qty + 1, status = 'new' WHERE id BETWEEN " + (SECOND_SHARD_IDS + 600) + " AND " + (SECOND_SHARD_IDS + 640));
            awaitEqual(second, "restart", "ods.restarted", "channel", "'web'");
            assertThat(second.problems()).as("warnings and errors of the second run").doesNotContain(" ERROR ");
            // checkpoints run every second: this time the last one before the kill has the evolved schema
            Thread.sleep(3_000);
            second.kill();
        }
        source.execute("restart",
                "INSERT INTO orders_1 VALUES (3004, 'down again', 6.00, 2, 'new', 'mail')",
                "UPDATE orders_2 SET status = 'test' WHERE id BETWEEN " + (SECOND_SHARD_IDS + 700) + " AND " + (SECOND_SHARD_IDS + 720));
        try (TributaryProcess third = TributaryProcess.start(work.resolve("restart-3.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
            third.awaitOutput(RESUMED, Duration.ofSeconds(60));
            awaitEqual(third, "restart", "ods.restarted", "channel", "'web'");
            assertThat(third.problems()).as("warnings and errors of the third run").doesNotContain(" ERROR ");
            assertThat(third.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }
    }

    @Test
    void validateRefusesAFilterOnAColumnTheShardsDoNotHave() throws Exception {
        Path pipeline = writePipeline("status <> 'test' AND region = 'eu'");
        try (TributaryProcess validate = TributaryProcess.startIn(work, work.resolve("validate.log"), "validate", pipeline.toString())) {
            assertThat(validate.awaitExit(Duration.ofSeconds(60))).as("exit code of validate:\n" + validate.tail()).isEqualTo(2);
            assertThat(validate.output()).contains(pipeline + ":19: key 'filter' in transform #1 does not fit table app.orders_1"
                    + " (columns id, product, price, qty, status", "filter 'status <> 'test' AND region = 'eu'': unknown column 'region'");
        }
    }

    private Path writePipeline() throws Exception {
        return writePipeline("status <> 'test'");
    }

    private Path writePipeline(String filter) throws Exception {
        return writePipeline("app", "ods.orders", "5420-5421", filter);
    }

    private Path writePipeline(String database, String sinkTable, String serverIds, String filter) throws Exception {
        Path file = work.resolve(database + "-shards.yaml");
        Files.writeString(file, """
                source:
                  type: mysql
                  hostname: 127.0.0.1
                  port: %d
                  username: cdc
                  password: cdc-secret
                  tables: %s.orders_\\.*
                  server-id: %s
                  server-time-zone: UTC
                  scan.incremental.snapshot.chunk.size: 1000
                sink:
                  type: jdbc
                  url: jdbc:postgresql://127.0.0.1:%d/warehouse
                  username: postgres
                  password: unused
                transform:
                  - source-table: %s.orders_\\.*
                    projection: \\*, UPPER(product) AS product_code, price * qty AS total, __table_name__ AS shard
                    filter: %s
                    description: open and paid orders with their totals
                route:
                  - source-table: %s.orders_\\.*
                    sink-table: %s
                pipeline:
                  name: shards-transform-it-%s
                  parallelism: 2
                  execution.checkpointing.interval: 1s
                """.formatted(source.port(), database, serverIds, target.port(), database, filter, database, sinkTable, database));
        return file;
    }

    /**
     * Waits until the target equals the expected view; {@code firstShardChannel} and
     * {@code secondShardChannel} are what the view has for {@code channel} on each shard (NULL
     * before the column exists, and the target is then read with NULL for it as well).
     */
    private static void awaitEqual(TributaryProcess tributary, String firstShardChannel, String secondShardChannel) throws Exception {
        awaitEqual(tributary, "app", "ods.orders", firstShardChannel, secondShardChannel);
    }

    private static void awaitEqual(TributaryProcess tributary, String database, String sinkTable, String firstShardChannel, String secondShardChannel)
            throws Exception {
        String expectedQuery = EXPECTED.formatted(firstShardChannel, secondShardChannel);
        String actualQuery = ACTUAL.formatted(firstShardChannel.equals("NULL") ? "NULL" : "channel").replace("ods.orders", sinkTable);
        tributary.awaitNoDifference("the merged target matching the transformed shards", () -> {
            try (Connection src = source.connect(database); Connection dst = target.connect("warehouse")) {
                List<String> expected = TableContents.rowsOf(src, expectedQuery);
                List<String> actual = TableContents.rowsOf(dst, actualQuery);
                return expected.equals(actual) ? "" : TableContents.difference(expected, actual);
            } catch (SQLException e) {
                return "not readable yet: " + e.getMessage();
            }
        }, Duration.ofSeconds(60));
    }
}
