package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MongoDB (the in-build wire-protocol server, oplog on) → PostgreSQL through the real command line
 * in a separate JVM: each document lands as its {@code _id} and a {@code jsonb} column; SIGKILL
 * during the snapshot and again while streaming under concurrent writes, and at the end every
 * document in the target as in the collection.
 */
class MongoToPostgresITCase {
    private static final int DOCUMENTS = 50_000;
    private static MongoServer mongo;
    private static String mongoHosts;
    private static TestingPostgresServer target;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        mongoHosts = "127.0.0.1:" + mongo.bind().getPort();
        target = TestingPostgresServer.start();
        target.createDatabase("replica");
    }

    @AfterAll
    static void stopServers() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void documentsLandAsJsonbAndSurviveKillsDuringSnapshotAndStreaming() throws Exception {
        Path pipeline = writePipeline();
        Path state = work.resolve("state");
        try (MongoVersionedWorkload workload = new MongoVersionedWorkload("mongodb://" + mongoHosts, "shop", "orders", DOCUMENTS)) {
            workload.load();
            workload.start();
            try (TributaryProcess first = TributaryProcess.start(work.resolve("run-1.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                awaitSnapshotUnderWay(state, first);
                assertThat(first.output()).as("killed during the snapshot").doesNotContain("Snapshot finished");
                first.kill();
            }
            try (TributaryProcess second = TributaryProcess.start(work.resolve("run-2.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                second.awaitOutput("Resuming mongodb source: \\d+ tables, (\\d+) chunks finished", Duration.ofSeconds(90));
                second.awaitOutput("Streaming changes from the log", Duration.ofSeconds(180));
                Thread.sleep(3_000);
                second.kill();
            }
            try (TributaryProcess third = TributaryProcess.start(work.resolve("run-3.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                third.awaitOutput("Resuming mongodb source", Duration.ofSeconds(90));
                assertThat(third.output()).doesNotContain("Reading chunk");
                Thread.sleep(2_000);
                workload.close();
                awaitTargetEqualsSource(workload, third);
                assertThat(targetColumnType("document")).isEqualTo("jsonb");
                int exit = third.terminate(Duration.ofSeconds(120));
                assertThat(exit).as("exit code after SIGTERM (143 is the JVM's code for a SIGTERM-initiated exit)").isIn(0, 143);
            }
        }
    }

    private Path writePipeline() throws Exception {
        Path file = work.resolve("shop-to-replica.yaml");
        Files.writeString(file, """
                source:
                  type: mongodb
                  hosts: %s
                  collection: shop\\.orders
                  scan.startup.mode: initial
                  scan.incremental.snapshot.chunk.size: 2000
                  poll.await.time.ms: 100
                sink:
                  type: jdbc
                  url: jdbc:postgresql://127.0.0.1:%d/replica
                  username: postgres
                  password: unused
                pipeline:
                  name: shop-to-replica
                  parallelism: 2
                  execution.checkpointing.interval: 1s
                """.formatted(mongoHosts, target.port()));
        return file;
    }

    private static void awaitSnapshotUnderWay(Path state, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (StateDirectory.newestCheckpoint(state) >= 1 && targetVersions().size() >= DOCUMENTS / 10) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the snapshot did not get under way within 2 minutes:\n" + process.tail());
    }

    private static void awaitTargetEqualsSource(MongoVersionedWorkload workload, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        String difference = "";
        while (Instant.now().isBefore(deadline)) {
            Map<Integer, Integer> expected = workload.versions();
            Map<Integer, Integer> actual = targetVersions();
            if (expected.equals(actual)) {
                return;
            }
            difference = "source has " + expected.size() + " documents, target " + actual.size();
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("target never matched the source: " + difference + "\n" + process.tail());
    }

    /** Each target row's _id and the version inside its jsonb document. */
    private static Map<Integer, Integer> targetVersions() {
        Map<Integer, Integer> versions = new HashMap<>();
        try (Connection connection = target.connect("replica"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT \"_id\", (document->>'version')::int, document->>'_id' FROM shop.orders")) {
            while (rows.next()) {
                assertThat(rows.getString(3)).as("the document holds its own _id").isEqualTo(Integer.toString(rows.getInt(1)));
                versions.put(rows.getInt(1), rows.getInt(2));
            }
        } catch (SQLException e) {
            return Map.of(); // the table is not there yet
        }
        return versions;
    }

    private static String targetColumnType(String column) throws SQLException {
        try (Connection connection = target.connect("replica"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT data_type FROM information_schema.columns WHERE table_schema = 'shop' "
                        + "AND table_name = 'orders' AND column_name = '" + column + "'")) {
            assertThat(rows.next()).as("column %s exists", column).isTrue();
            return rows.getString(1);
        }
    }
}
