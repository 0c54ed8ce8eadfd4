package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.source.oracle.OracleFreeServer;
import io.tributary.sink.kafka.TestingKafkaBroker;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * Oracle → Kafka through the real command line in a separate JVM, exactly-once, on Oracle Database
 * Free 23ai in Docker: a table changed concurrently (inserts, updates counting a version column up,
 * deletes), SIGKILL during the snapshot and again while streaming, and a {@code read_committed}
 * consumer rebuilding the table: every key's versions arrive one by one, none lost or repeated,
 * each streamed change carries its redo position, and the rebuilt table equals the source. Where
 * no Docker engine runs it is reported as skipped.
 */
class OracleToKafkaITCase {
    private static final String TABLE = "ACCOUNTS";
    private static final int ROWS = 100_000;
    private static OracleFreeServer source;
    private static TestingKafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() throws Exception {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return; // the test is then reported as skipped, with the reason
        }
        source = OracleFreeServer.start();
        broker = TestingKafkaBroker.start();
        source.createSchema("BANK");
        // Quoted lower-case column names: the consumer reads the fields id, version, balance and note.
        source.execute(
                "CREATE TABLE BANK." + TABLE + " (\"id\" NUMBER(18) PRIMARY KEY, \"version\" NUMBER(18) NOT NULL, "
                        + "\"balance\" NUMBER(12,2) NOT NULL, \"note\" VARCHAR2(200))",
                "ALTER TABLE BANK." + TABLE + " ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS",
                "INSERT INTO BANK." + TABLE + " SELECT LEVEL, 0, MOD(LEVEL, 1000), 'row ' || LEVEL FROM DUAL CONNECT BY LEVEL <= " + ROWS,
                "BEGIN DBMS_STATS.GATHER_TABLE_STATS('BANK', '" + TABLE + "'); END;");
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void deliversEveryChangeOnceAcrossKillsDuringTheSnapshotAndWhileStreaming() throws Exception {
        assumeTrue(source != null, OracleToPostgresITCase.NO_DOCKER);
        String topic = "bank-accounts";
        Path pipeline = writePipeline(topic);
        Path state = work.resolve("state");
        try (Workload workload = new Workload(ROWS + 1);
                VersionedTopicReplica replica = new VersionedTopicReplica(broker.bootstrapServers(), topic, List.of("scn", "commit_scn", "txId"))) {
            workload.start();
            try (TributaryProcess first = TributaryProcess.start(work.resolve("run-1.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                awaitCheckpoints(state, 2, first);
                first.kill();
                assertThat(first.output()).as("killed during the snapshot").doesNotContain("Snapshot finished");
            }
            try (TributaryProcess second = TributaryProcess.start(work.resolve("run-2.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                second.awaitOutput("Resuming oracle source: \\d+ tables, [1-9]\\d* chunks finished", Duration.ofSeconds(90));
                second.awaitOutput("Streaming changes from the log", Duration.ofSeconds(300));
                // A random while, so that the kill falls anywhere in the checkpoint cycle.
                Thread.sleep(2_000 + new Random().nextInt(2_000));
                second.kill();
            }
            try (TributaryProcess third = TributaryProcess.start(work.resolve("run-3.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                third.awaitOutput("Resuming oracle source", Duration.ofSeconds(90));
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

    private Path writePipeline(String topic) throws IOException {
        Path file = work.resolve("bank-to-kafka.yaml");
        Files.writeString(file, """
                source:
                  type: oracle
                  hostname: %s
                  port: %d
                  database: %s
                  username: "%s"
                  password: %s
                  tables: FREEPDB1.BANK.%s
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
                """.formatted(source.host(), source.port(), OracleFreeServer.CDB_SERVICE, OracleFreeServer.CDC_USER, OracleFreeServer.CDC_PASSWORD, TABLE,
                broker.bootstrapServers(), topic));
        return file;
    }

    private static void awaitCheckpoints(Path state, int count, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            if (StateDirectory.newestCheckpoint(state) >= count) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(20); // polling the state directory
        }
        throw new AssertionError("no checkpoint " + count + " within 3 minutes:\n" + process.tail());
    }

    private static void awaitReplicaEqualsSource(VersionedTopicReplica replica, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
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

    /** id → "version|balance|note", the balance with its two decimals as the consumer renders the DECIMAL(12,2). */
    private static Map<Long, String> sourceRows() throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        try (Connection connection = source.connectToPdbAsSystem(OracleToPostgresITCase.TIMESTAMPS_AS_JDBC); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT \"id\", \"version\", TO_CHAR(\"balance\", 'FM9999999999990.00'), \"note\" FROM BANK." + TABLE)) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getLong(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return rows;
    }

    /**
     * The changes of integration-tests' VersionedWorkload, in Oracle's SQL with the quoted column
     * names: new ids with version 0, updates counting the version up by one, deletes; ids never
     * reused.
     */
    private static final class Workload implements AutoCloseable {
        private final Thread thread = new Thread(this::run, "oracle-versioned-workload");
        private final AtomicLong transactions = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile long nextId;
        private volatile boolean running = true;

        Workload(long firstNewId) {
            this.nextId = firstNewId;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        long transactions() {
            return transactions.get();
        }

        private void run() {
            Random random = new Random(11);
            String table = "BANK." + TABLE;
            try (Connection connection = source.connectToPdbAsSystem(OracleToPostgresITCase.TIMESTAMPS_AS_JDBC); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                while (running) {
                    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                        long id = 1 + (long) (random.nextDouble() * (nextId - 1));
                        int kind = random.nextInt(20);
                        if (kind < 3) {
                            statement.execute("INSERT INTO " + table + " VALUES (" + nextId++ + ", 0, 1.50, 'new')");
                        } else if (kind < 5) {
                            statement.execute("DELETE FROM " + table + " WHERE \"id\" = " + id);
                        } else {
                            statement.execute("UPDATE " + table + " SET \"version\" = \"version\" + 1, \"balance\" = \"balance\" + 1, "
                                    + "\"note\" = 'v' || (\"version\" + 1) WHERE \"id\" = " + id);
                        }
                    }
                    connection.commit();
                    transactions.incrementAndGet();
                    // Pacing only: keeps the server and the pipeline busy without starving them.
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                failure.set(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(30_000);
            if (failure.get() != null) {
                throw new AssertionError("the workload failed", failure.get());
            }
        }
    }
}
