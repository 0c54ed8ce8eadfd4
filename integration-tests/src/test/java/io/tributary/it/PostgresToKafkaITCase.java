package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingPostgresServer;
import io.tributary.sink.kafka.TestingKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL → Kafka through the real command line in a separate JVM, with exactly-once delivery:
 * a table changed concurrently (inserts, updates that count a version column up, deletes), the
 * pipeline killed with SIGKILL and restarted, and a {@code read_committed} consumer that rebuilds
 * the table from the topic. Every key's versions must arrive one by one, none lost or repeated,
 * and the rebuilt table must equal the source, after a kill while streaming and after a kill
 * during the snapshot (each finished part of a chunk is compared against the view it was read
 * under, so nothing is streamed twice).
 */
class PostgresToKafkaITCase {
    private static final String TABLE = "accounts";
    private static TestingPostgresServer source;
    private static TestingKafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() throws Exception {
        source = TestingPostgresServer.start();
        broker = TestingKafkaBroker.start();
        source.createUser("cdc", "cdc-secret", "REPLICATION");
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
    void deliversEveryChangeOnceAcrossAKillWhileStreaming() throws Exception {
        int rows = 20_000;
        String topic = createSource("streamdb", rows);
        Path pipeline = writePipeline("streamdb", topic, 1_000);
        Path state = work.resolve("state");
        try (VersionedWorkload workload = new VersionedWorkload(source, "streamdb", TABLE, rows + 1);
                VersionedTopicReplica replica = new VersionedTopicReplica(broker.bootstrapServers(), topic)) {
            workload.start();
            try (TributaryProcess first = TributaryProcess.start(work.resolve("run-1.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                first.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
                // Streams for a random while, so that the kill falls anywhere in the checkpoint cycle,
                // also between a completed checkpoint and the commit of its Kafka transactions.
                Thread.sleep(2_000 + new Random().nextInt(2_000));
                first.kill();
            }
            try (TributaryProcess second = TributaryProcess.start(work.resolve("run-2.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                second.awaitOutput("Resuming postgres source", Duration.ofSeconds(90));
                Thread.sleep(3_000);
                workload.close();
                assertThat(workload.transactions()).isGreaterThan(100);

                awaitReplicaEqualsSource(replica, "streamdb", second);
                assertThat(replica.violations()).as("changes out of each key's history (%d in all)", replica.violationCount()).isEmpty();
                assertThat(replica.changes()).isGreaterThan(rows);
                assertThat(second.terminate(Duration.ofSeconds(120))).isIn(0, 143);
            }
        }
    }

    @Test
    void deliversEveryChangeOnceAcrossAKillDuringTheSnapshot() throws Exception {
        int rows = 250_000; // large enough that the second checkpoint completes while the snapshot still runs
        String topic = createSource("snapdb", rows);
        Path pipeline = writePipeline("snapdb", topic, 1_000);
        Path state = work.resolve("state");
        try (VersionedWorkload workload = new VersionedWorkload(source, "snapdb", TABLE, rows + 1);
                VersionedTopicReplica replica = new VersionedTopicReplica(broker.bootstrapServers(), topic)) {
            workload.start();
            try (TributaryProcess first = TributaryProcess.start(work.resolve("run-1.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                awaitSecondCheckpoint(state, first);
                first.kill();
                assertThat(first.output()).as("killed during the snapshot").doesNotContain("Snapshot finished");
                assertThat(first.output()).as("changes streamed while the snapshot ran").contains("Reading the log on reader");
            }
            try (TributaryProcess second = TributaryProcess.start(work.resolve("run-2.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                second.awaitOutput("Resuming postgres source: \\d+ tables, [1-9]\\d* chunks finished", Duration.ofSeconds(90));
                second.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
                Thread.sleep(2_000);
                workload.close();

                awaitReplicaEqualsSource(replica, "snapdb", second);
                assertThat(replica.violations()).as("changes out of each key's history (%d in all, %d of them repeats or changes of rows never delivered;"
                        + " the others: %s)", replica.violationCount(), replica.duplicates(), replica.nonRepeats()).isEmpty();
                assertThat(second.terminate(Duration.ofSeconds(120))).isIn(0, 143);
            }
        }
    }

    @Test
    void aTableReadAgainWhileItChangesGetsEveryRowAsASnapshotRowAndLosesNoChange() throws Exception {
        int rows = 5_000;
        String topic = createSource("againdb", rows);
        Path pipeline = writePipeline("againdb", topic, 1_000);
        Path state = work.resolve("state");
        try (VersionedWorkload workload = new VersionedWorkload(source, "againdb", TABLE, rows + 1);
                VersionedTopicReplica replica = new VersionedTopicReplica(broker.bootstrapServers(), topic);
                TributaryProcess run = TributaryProcess.start(work.resolve("run.log"), "run", pipeline.toString(), "--state-dir", state.toString(),
                        "--http-port", "0")) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
            workload.start();
            Thread.sleep(1_000);
            replica.catchUp();
            Set<Long> heldBefore = replica.expectSnapshotAgain();

            CliOutcome asked = CliOutcome.execute(Map.of(), "snapshot", pipeline.toString(), "--state-dir", state.toString(),
                    "--table", "againdb.public." + TABLE);

            assertThat(asked.exitCode()).as("tributary snapshot: %s%s", asked.out(), asked.err()).isZero();
            run.awaitOutput("Read againdb\\.public\\." + TABLE + " again while streaming", Duration.ofSeconds(120));
            Thread.sleep(2_000);
            workload.close();

            awaitReplicaEqualsSource(replica, "againdb", run);
            assertThat(replica.violations()).as("changes out of each key's history (%d in all)", replica.violationCount()).isEmpty();
            // Ids are never reused: a row there before the request and there at the end was there when its chunk was read again.
            Set<Long> keptThroughout = new TreeSet<>(heldBefore);
            keptThroughout.retainAll(sourceRows("againdb").keySet());
            assertThat(keptThroughout).isNotEmpty();
            assertThat(replica.readAgain()).as("every row there before the request and still there is delivered again as a snapshot row")
                    .containsAll(keptThroughout);
            assertThat(run.terminate(Duration.ofSeconds(120))).isIn(0, 143);
        }
    }

    @Test
    void logsNoWarningOrErrorAcrossCheckpointsAStopAndAKill() throws Exception {
        String topic = createSource("quietdb", 2_000);
        try (VersionedWorkload workload = new VersionedWorkload(source, "quietdb", TABLE, 2_001)) {
            workload.start();
            HealthyRunLog.assertNoWarningOrError(work, writePipeline("quietdb", topic, 500));
        }
    }

    /** Waits for the second completed checkpoint, by which finished snapshot chunks are in one. */
    private static void awaitSecondCheckpoint(Path state, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (StateDirectory.newestCheckpoint(state) >= 2) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint completed within 2 minutes:\n" + process.tail());
    }

    private static String createSource(String database, int rows) {
        source.createDatabase(database);
        VersionedWorkload.createTable(source, database, TABLE, rows);
        source.execute(database, "GRANT CREATE ON DATABASE " + database + " TO cdc", "ALTER TABLE " + TABLE + " OWNER TO cdc");
        return database + "-" + TABLE;
    }

    private Path writePipeline(String database, String topic, int chunkSize) throws Exception {
        Path file = work.resolve(database + "-to-kafka.yaml");
        Files.writeString(file, """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: cdc
                  password: cdc-secret
                  tables: %s.public.%s
                  slot.name: %s_slot
                  scan.startup.mode: initial
                  scan.incremental.snapshot.chunk.size: %d
                sink:
                  type: kafka
                  properties.bootstrap.servers: %s
                  topic: %s
                  sink.topic.partitions: 3
                pipeline:
                  name: %s-to-kafka
                  parallelism: 2
                  execution.checkpointing.interval: 1s
                """.formatted(source.port(), database, TABLE, database, chunkSize, broker.bootstrapServers(), topic, database));
        return file;
    }

    private static void awaitReplicaEqualsSource(VersionedTopicReplica replica, String database, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Map<Long, String> expected = sourceRows(database);
        while (Instant.now().isBefore(deadline)) {
            replica.catchUp();
            Map<Long, String> actual = replica.rows();
            if (actual.equals(expected)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(500);
        }
        Map<Long, String> actual = replica.rows();
        throw new AssertionError("the table rebuilt from Kafka never matched the source: source has " + expected.size() + " rows, Kafka "
                + actual.size() + "; first differences " + firstDifferences(expected, actual) + "; history violations " + replica.violations()
                + "\n" + process.tail());
    }

    private static Map<Long, String> sourceRows(String database) throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        try (Connection connection = source.connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, version, balance::text, note FROM " + TABLE)) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getLong(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return rows;
    }

    private static String firstDifferences(Map<Long, String> expected, Map<Long, String> actual) {
        StringBuilder text = new StringBuilder();
        int shown = 0;
        TreeMap<Long, String> all = new TreeMap<>(expected);
        all.putAll(actual);
        for (Long id : all.keySet()) {
            if (shown < 5 && !Objects.equals(expected.get(id), actual.get(id))) {
                text.append(" [id ").append(id).append(": source ").append(expected.get(id)).append(", kafka ").append(actual.get(id)).append(']');
                shown++;
            }
        }
        return text.toString();
    }
}
