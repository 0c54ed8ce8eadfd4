package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import io.tributary.sink.kafka.TestingKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers stopped and started again under a running pipeline, as a maintenance restart does, with
 * the default restart strategy and through the real command line: the MariaDB source stopped for
 * 30 s in the middle of the snapshot and again while streaming, the MariaDB target of a JDBC sink stopped for 30 s while
 * changes stream into it, and the Kafka broker of an exactly-once sink shut down for 30 s and
 * started again while changes stream into it. Each time the pipeline rides it out by itself, {@code /health/ready} is
 * 503 during the outage and 200 after, and the target ends equal to the source.
 */
class ServerRestartITCase {
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @Test
    void ridesOutTheSourceServerStoppedDuringTheSnapshot() throws Exception {
        int rows = 300_000;
        try (TestingMariaDbServer source = TestingMariaDbServer.start(); TestingPostgresServer target = TestingPostgresServer.start()) {
            source.createDatabase("shop");
            source.execute("shop",
                    "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, price DECIMAL(10,2))",
                    "INSERT INTO items SELECT seq, CONCAT('item ', seq), seq / 4 FROM seq_1_to_" + rows,
                    "ANALYZE TABLE items");
            target.createDatabase("warehouse");
            int httpPort = ReadinessProbe.freePort();
            Path pipeline = writePipeline("""
                      type: mysql
                      hostname: 127.0.0.1
                      port: %d
                      username: %s
                      password: %s
                      tables: shop.items
                      server-id: 5800
                      scan.incremental.snapshot.chunk.size: 1000
                    """.formatted(source.port(), TestingMariaDbServer.ADMIN, TestingMariaDbServer.ADMIN_PASSWORD),
                    "url: " + "jdbc:postgresql://127.0.0.1:" + target.port() + "/warehouse\n  username: postgres\n  password: unused", "");
            try (TributaryProcess run = start(pipeline, httpPort)) {
                awaitTargetRows(run, target, "shop.items", 1);
                source.stop();
                Instant stoppedAt = Instant.now();
                assertThat(run.output()).as("stopped during the snapshot").doesNotContain("Snapshot finished");
                ReadinessProbe.awaitReady(run, httpPort, 503, OUTAGE);
                sleepUntil(stoppedAt.plus(OUTAGE));
                assertThat(run.isAlive()).as("still running after a %s outage", OUTAGE).isTrue();
                source.startAgain();
                Instant backAt = Instant.now();
                source.execute("shop", "UPDATE items SET price = price + 1 WHERE id % 1000 = 7", "DELETE FROM items WHERE id % 1000 = 9",
                        "INSERT INTO items VALUES (" + (rows + 1) + ", 'after the restart', 1.50)");

                ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofMinutes(2));
                Duration readyAfter = Duration.between(backAt, Instant.now());
                awaitEqual(run, () -> source.connect("shop"), () -> target.connect("warehouse"), "SELECT id, name, price FROM shop.items ORDER BY id");
                System.out.printf("MariaDB source stopped %s during the snapshot: ready %d ms and the target equal %d ms after it was back%n", OUTAGE,
                        readyAfter.toMillis(), Duration.between(backAt, Instant.now()).toMillis());
                assertThat(run.output()).contains("Snapshot finished").doesNotContain("error: [");
            }
        }
    }

    @Test
    void ridesOutTheSourceServerStoppedWhileStreaming() throws Exception {
        int rows = 5_000;
        try (TestingMariaDbServer source = TestingMariaDbServer.start(); TestingPostgresServer target = TestingPostgresServer.start()) {
            source.createDatabase("shop");
            source.execute("shop",
                    "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, price DECIMAL(10,2))",
                    "INSERT INTO items SELECT seq, CONCAT('item ', seq), seq / 4 FROM seq_1_to_" + rows);
            target.createDatabase("warehouse");
            int httpPort = ReadinessProbe.freePort();
            Path pipeline = writePipeline("""
                      type: mysql
                      hostname: 127.0.0.1
                      port: %d
                      username: %s
                      password: %s
                      tables: shop.items
                      server-id: 5810
                    """.formatted(source.port(), TestingMariaDbServer.ADMIN, TestingMariaDbServer.ADMIN_PASSWORD),
                    "url: " + "jdbc:postgresql://127.0.0.1:" + target.port() + "/warehouse\n  username: postgres\n  password: unused", "");
            try (TributaryProcess run = start(pipeline, httpPort)) {
                run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
                ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(60));
                source.execute("shop", "UPDATE items SET price = price + 1 WHERE id % 100 = 3", "INSERT INTO items VALUES (" + (rows + 1)
                        + ", 'before the stop', 1.25)");
                source.stop();
                Instant stoppedAt = Instant.now();
                ReadinessProbe.awaitReady(run, httpPort, 503, OUTAGE);
                sleepUntil(stoppedAt.plus(OUTAGE));
                assertThat(run.isAlive()).as("still running after a %s outage", OUTAGE).isTrue();
                source.startAgain();
                Instant backAt = Instant.now();
                source.execute("shop", "UPDATE items SET price = price + 1 WHERE id % 100 = 7", "DELETE FROM items WHERE id % 100 = 9",
                        "INSERT INTO items VALUES (" + (rows + 2) + ", 'after the restart', 1.50)");

                ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofMinutes(2));
                Duration readyAfter = Duration.between(backAt, Instant.now());
                awaitEqual(run, () -> source.connect("shop"), () -> target.connect("warehouse"), "SELECT id, name, price FROM shop.items ORDER BY id");
                System.out.printf("MariaDB source stopped %s while streaming: ready %d ms and the target equal %d ms after it was back%n", OUTAGE,
                        readyAfter.toMillis(), Duration.between(backAt, Instant.now()).toMillis());
                assertThat(run.output()).doesNotContain("error: [");
            }
        }
    }

    @Test
    void ridesOutTheTargetServerStoppedWhileStreaming() throws Exception {
        try (TestingPostgresServer source = TestingPostgresServer.start(); TestingMariaDbServer target = TestingMariaDbServer.start()) {
            source.createDatabase("shop");
            source.execute("shop",
                    "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2))",
                    "INSERT INTO items SELECT g, 'item ' || g, g / 4.0 FROM generate_series(1, 5000) g");
            target.createDatabase("warehouse");
            int httpPort = ReadinessProbe.freePort();
            Path pipeline = writePipeline("""
                      type: postgres
                      hostname: 127.0.0.1
                      port: %d
                      username: postgres
                      password: unused
                      tables: shop.public.items
                      slot.name: restart_slot
                    """.formatted(source.port()),
                    "url: " + target.jdbcUrl("warehouse") + "\n  username: " + TestingMariaDbServer.ADMIN + "\n  password: " + TestingMariaDbServer.ADMIN_PASSWORD,
                    "route:\n  - source-table: shop.public.items\n    sink-table: warehouse.items\n");
            try (TributaryProcess run = start(pipeline, httpPort)) {
                run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
                ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(60));
                write(source, 1, 100);
                target.stop();
                Instant stoppedAt = Instant.now();
                write(source, 101, 300); // the source goes on changing while the target is away
                ReadinessProbe.awaitReady(run, httpPort, 503, OUTAGE);
                sleepUntil(stoppedAt.plus(OUTAGE));
                assertThat(run.isAlive()).as("still running after a %s outage", OUTAGE).isTrue();
                target.startAgain();
                Instant backAt = Instant.now();
                write(source, 301, 400);

                ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofMinutes(2));
                Duration readyAfter = Duration.between(backAt, Instant.now());
                awaitEqual(run, () -> source.connect("shop"), () -> target.connect("warehouse"), "SELECT id, name, price FROM items ORDER BY id");
                System.out.printf("MariaDB target stopped %s while streaming: ready %d ms and the target equal %d ms after it was back%n", OUTAGE,
                        readyAfter.toMillis(), Duration.between(backAt, Instant.now()).toMillis());
                assertThat(run.output()).doesNotContain("error: [");
            }
        }
    }

    @Test
    void ridesOutTheKafkaBrokerRestartedWhileStreaming() throws Exception {
        int rows = 20_000;
        try (TestingPostgresServer source = TestingPostgresServer.start(); TestingKafkaBroker broker = TestingKafkaBroker.start()) {
            source.createDatabase("bank");
            VersionedWorkload.createTable(source, "bank", "accounts", rows);
            int httpPort = ReadinessProbe.freePort();
            Path pipeline = work.resolve("restart.yaml");
            Files.writeString(pipeline, """
                    source:
                      type: postgres
                      hostname: 127.0.0.1
                      port: %d
                      username: postgres
                      password: unused
                      tables: bank.public.accounts
                      slot.name: broker_restart
                    sink:
                      type: kafka
                      properties.bootstrap.servers: %s
                      topic: bank-accounts
                      sink.topic.partitions: 3
                    pipeline:
                      name: broker-restart
                      parallelism: 2
                      execution.checkpointing.interval: 1s
                    """.formatted(source.port(), broker.bootstrapServers()));
            try (VersionedWorkload workload = new VersionedWorkload(source, "bank", "accounts", rows + 1);
                    VersionedTopicReplica replica = new VersionedTopicReplica(broker.bootstrapServers(), "bank-accounts");
                    TributaryProcess run = start(pipeline, httpPort)) {
                run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
                ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(60));
                workload.start();
                Thread.sleep(2_000);

                broker.restartBroker(OUTAGE); // the workload goes on writing to the source meanwhile
                Instant backAt = Instant.now();
                assertThat(run.isAlive()).as("still running after the broker was away %s", OUTAGE).isTrue();
                Thread.sleep(2_000);
                workload.close();

                ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofMinutes(2));
                Duration readyAfter = Duration.between(backAt, Instant.now());
                Map<Long, String> expected;
                try (Connection connection = source.connect("bank")) {
                    expected = SoakSource.versionedRows(connection, "SELECT id, version, balance, note FROM accounts");
                }
                Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
                Map<Long, String> actual = Map.of();
                while (Instant.now().isBefore(deadline) && !actual.equals(expected)) {
                    actual = new SoakTarget.Kafka(broker, "bank-accounts", replica).rows();
                    Thread.sleep(500); // polling the topic
                }
                System.out.printf("Kafka broker restarted (down %s) while streaming: ready %d ms and the topic complete %d ms after it was back (%d changes)%n",
                        OUTAGE, readyAfter.toMillis(), Duration.between(backAt, Instant.now()).toMillis(), replica.changes());
                assertThat(actual).as("the table rebuilt from the topic equals the source").isEqualTo(expected);
                assertThat(replica.violations()).as("changes out of their key's history").isEmpty();
                assertThat(run.output()).doesNotContain("error: [");
            }
        }
    }

    private TributaryProcess start(Path pipeline, int httpPort) {
        return TributaryProcess.start(work.resolve("run.log"), "run", pipeline.toString(), "--state-dir", work.resolve("state").toString(), "--http-port",
                Integer.toString(httpPort));
    }

    private Path writePipeline(String sourceBlock, String sinkOptions, String routes) throws Exception {
        Path file = work.resolve("restart.yaml");
        Files.writeString(file, "source:\n" + sourceBlock + "sink:\n  type: jdbc\n  " + sinkOptions + "\n" + routes
                + "pipeline:\n  name: restart\n  parallelism: 1\n  execution.checkpointing.interval: 1s\n");
        return file;
    }

    /** Inserts ids from..to and updates an older row with each, in one transaction per id. */
    private static void write(TestingPostgresServer source, int from, int to) throws SQLException {
        try (Connection connection = source.connect("shop"); Statement statement = connection.createStatement()) {
            for (int id = from; id <= to; id++) {
                statement.execute("INSERT INTO items VALUES (" + (100_000 + id) + ", 'new " + id + "', 2.50)");
                statement.execute("UPDATE items SET price = price + 1 WHERE id = " + id);
            }
        }
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), moment).toMillis()));
    }

    private static void awaitTargetRows(TributaryProcess run, TestingPostgresServer target, String table, int rows) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = target.connect("warehouse")) {
                if (TableContents.count(connection, table) >= rows) {
                    return;
                }
            } catch (SQLException notCreatedYet) {
                // the sink creates the table with its first rows
            }
            if (!run.isAlive()) {
                throw new AssertionError("tributary exited:\n" + run.tail());
            }
            Thread.sleep(20); // polling the target
        }
        throw new AssertionError("no rows reached the target within 2 minutes:\n" + run.tail());
    }

    private interface Opener {
        Connection open() throws SQLException;
    }

    private static void awaitEqual(TributaryProcess run, Opener source, Opener target, String query) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        List<String> expected;
        try (Connection connection = source.open()) {
            expected = TableContents.rowsOf(connection, query);
        }
        List<String> actual = List.of();
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = target.open()) {
                actual = TableContents.rowsOf(connection, query);
            } catch (SQLException notThereYet) {
                actual = List.of(notThereYet.getMessage());
            }
            if (actual.equals(expected)) {
                return;
            }
            if (!run.isAlive()) {
                throw new AssertionError("tributary exited:\n" + run.tail());
            }
            Thread.sleep(500); // polling the target
        }
        throw new AssertionError("the target never matched the source: " + TableContents.difference(expected, actual) + "\n" + run.problems());
    }
}
