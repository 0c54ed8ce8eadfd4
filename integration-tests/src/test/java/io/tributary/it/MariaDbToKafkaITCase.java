package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.sink.kafka.TestingKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB → Kafka through the real command line in a separate JVM, exactly-once: a table changed
 * concurrently (inserts, updates counting a version column up, deletes), SIGKILL during the
 * snapshot and again while streaming, and a {@code read_committed} consumer rebuilding the table:
 * every key's versions arrive one by one, none lost or repeated, each streamed change carries its
 * binlog position, and the rebuilt table equals the source.
 */
class MariaDbToKafkaITCase {
    private static final String TABLE = "accounts";
    // Large enough that the second checkpoint completes while the snapshot still runs.
    private static final int ROWS = 150_000;
    private static TestingMariaDbServer source;
    private static TestingKafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() throws Exception {
        source = TestingMariaDbServer.start();
        broker = TestingKafkaBroker.start();
        source.createDatabase("bank");
        source.execute("bank",
                "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, balance DECIMAL(12,2) NOT NULL, note TEXT)",
                "INSERT INTO " + TABLE + " SELECT seq, 0, seq % 1000, CONCAT('row ', seq) FROM seq_1_to_" + ROWS,
                "ANALYZE TABLE " + TABLE);
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
    void deliversEveryChangeOnceAcrossKillsDuringTheSnapshotAndWhileStreaming() throws Exception {
        String topic = "bank-" + TABLE;
        Path pipeline = writePipeline(topic);
        Path state = work.resolve("state");
        try (VersionedWorkload workload = VersionedWorkload.onMariaDb(source::connect, "bank", TABLE, ROWS + 1);
                VersionedTopicReplica replica = new VersionedTopicReplica(broker.bootstrapServers(), topic, List.of("file", "pos", "server_id"))) {
            workload.start();
            try (TributaryProcess first = TributaryProcess.start(work.resolve("run-1.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                awaitCheckpoints(state, 2, first);
                first.kill();
                assertThat(first.output()).as("killed during the snapshot").doesNotContain("Snapshot finished");
                assertThat(first.output()).as("changes streamed while the snapshot ran").contains("Reading the log on reader");
            }
            try (TributaryProcess second = TributaryProcess.start(work.resolve("run-2.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                second.awaitOutput("Resuming mysql source: \\d+ tables, [1-9]\\d* chunks finished", Duration.ofSeconds(90));
                second.awaitOutput("Streaming changes from the log", Duration.ofSeconds(180));
                // A random while, so that the kill falls anywhere in the checkpoint cycle.
                Thread.sleep(2_000 + new Random().nextInt(2_000));
                second.kill();
            }
            try (TributaryProcess third = TributaryProcess.start(work.resolve("run-3.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                third.awaitOutput("Resuming mysql source", Duration.ofSeconds(90));
                Thread.sleep(2_000);
                workload.close();
                assertThat(workload.transactions()).isGreaterThan(100);

                awaitReplicaEqualsSource(replica, third);
                assertThat(replica.violations()).as("changes out of each key's history (%d in all, %d of them repeats or changes of rows never delivered)",
                        replica.violationCount(), replica.duplicates()).isEmpty();
                assertThat(replica.changes()).isGreaterThan(ROWS);
                assertThat(third.terminate(Duration.ofSeconds(120))).isIn(0, 143);
            }
        }
    }

    private Path writePipeline(String topic) throws Exception {
        Path file = work.resolve("bank-to-kafka.yaml");
        Files.writeString(file, """
                source:
                  type: mysql
                  hostname: 127.0.0.1
                  port: %d
                  username: %s
                  password: %s
                  tables: bank.%s
                  server-id: 5600-5601
                  scan.startup.mode: initial
                  scan.incremental.snapshot.chunk.size: 1000
                sink:
                  type: kafka
                  properties.bootstrap.servers: %s
                  topic: %s
                  sink.topic.partitions: 3
                pipeline:
                  name: bank-to-kafka
                  parallelism: 2
                  execution.checkpointing.interval: 1s
                """.formatted(source.port(), TestingMariaDbServer.ADMIN, TestingMariaDbServer.ADMIN_PASSWORD, TABLE, broker.bootstrapServers(), topic));
        return file;
    }

    private static void awaitCheckpoints(Path state, int count, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (StateDirectory.newestCheckpoint(state) >= count) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(20); // polling the state directory
        }
        throw new AssertionError("no checkpoint " + count + " within 2 minutes:\n" + process.tail());
    }

    private static void awaitReplicaEqualsSource(VersionedTopicReplica replica, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Map<Long, String> expected = sourceRows();
        while (Instant.now().isBefore(deadline)) {
            replica.catchUp();
            if (replica.rows().equals(expected)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(500); // polling the topic
        }
        Map<Long, String> actual = replica.rows();
        Map<Long, String> differences = new TreeMap<>();
        for (Long id : expected.keySet()) {
            if (differences.size() < 5 && !expected.get(id).equals(actual.get(id))) {
                differences.put(id, "source " + expected.get(id) + ", kafka " + actual.get(id));
            }
        }
        throw new AssertionError("the table rebuilt from Kafka never matched the source: source has " + expected.size() + " rows, Kafka "
                + actual.size() + "; first differences " + differences + "; history violations " + replica.violations() + "\n" + process.tail());
    }

    private static Map<Long, String> sourceRows() throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        try (Connection connection = source.connect("bank"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, version, CAST(balance AS CHAR), note FROM " + TABLE)) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getLong(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return rows;
    }
}
