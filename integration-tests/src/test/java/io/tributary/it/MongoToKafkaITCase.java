package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tributary.sink.kafka.TestingKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MongoDB (the in-build wire-protocol server, oplog on) → Kafka through the real command line in a
 * separate JVM, exactly once: documents with a version field changed concurrently (inserts, updates
 * counting the version up, deletes), SIGKILL during the snapshot and again while streaming, and a
 * {@code read_committed} consumer ({@link MongoTopicReplica}) that rebuilds the collection from
 * Debezium MongoDB envelopes.
 *
 * <p>The guarantee checked is the one the source documents for {@code updateLookup} (the in-build
 * server has no pre- and post-images, so {@code scan.full-changelog} cannot run here): inserts,
 * deletes and snapshot reads arrive exactly once and in order; an update event carries the document
 * as it was when the change was read, so it may show a later version, which then arrives again with
 * the next update event; versions never go back, no update event is lost or repeated (counted per
 * key against the updates made), and the rebuilt collection equals the source.
 */
class MongoToKafkaITCase {
    private static final int DOCUMENTS = 100_000; // large enough that the second checkpoint completes while the snapshot still runs
    private static final String TOPIC = "shop-orders";
    private static MongoServer mongo;
    private static String connectionString;
    private static String mongoHosts;
    private static TestingKafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() throws Exception {
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        mongoHosts = "127.0.0.1:" + mongo.bind().getPort();
        connectionString = "mongodb://" + mongoHosts;
        broker = TestingKafkaBroker.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void deliversEveryChangeOnceAcrossKillsDuringTheSnapshotAndWhileStreaming() throws Exception {
        Path pipeline = writePipeline();
        Path state = work.resolve("state");
        try (MongoVersionedWorkload workload = new MongoVersionedWorkload(connectionString, "shop", "orders", DOCUMENTS);
                MongoTopicReplica replica = new MongoTopicReplica(broker.bootstrapServers(), TOPIC, "shop", "orders")) {
            workload.load();
            workload.start();
            try (TributaryProcess first = TributaryProcess.start(work.resolve("run-1.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                awaitSnapshotUnderWay(state, replica, first);
                first.kill();
                assertThat(first.output()).as("killed during the snapshot:\n%s", first.tail()).doesNotContain("Snapshot finished");
            }
            try (TributaryProcess second = TributaryProcess.start(work.resolve("run-2.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                second.awaitOutput("Resuming mongodb source: \\d+ tables, [1-9]\\d* chunks finished", Duration.ofSeconds(90));
                second.awaitOutput("Streaming changes from the log", Duration.ofSeconds(180));
                // A random while, so that the kill falls anywhere in the checkpoint cycle.
                Thread.sleep(2_000 + new Random().nextInt(2_000));
                second.kill();
            }
            try (TributaryProcess third = TributaryProcess.start(work.resolve("run-3.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                third.awaitOutput("Resuming mongodb source", Duration.ofSeconds(90));
                Thread.sleep(2_000);
                workload.close();
                assertThat(workload.writes()).isGreaterThan(500);
                assertThat(third.output()).doesNotContain("Reading chunk");

                awaitReplicaEqualsSource(replica, workload, third);
                assertThat(replica.violations()).as("changes out of each key's history (%d in all)", replica.violationCount()).isEmpty();
                assertThat(replica.updateCountMismatches(workload::updatesOf)).as("keys with lost or repeated update events").isEmpty();
                assertThat(replica.changes()).isGreaterThan(DOCUMENTS);
                System.out.printf("MongoToKafkaITCase: %d writes, %d changes read from Kafka, %d update events repeating a looked-up version%n",
                        workload.writes(), replica.changes(), replica.lookupRepeats());
                assertThat(third.terminate(Duration.ofSeconds(120))).isIn(0, 143);
            }
        }
    }

    private Path writePipeline() throws Exception {
        Path file = work.resolve("shop-to-kafka.yaml");
        Files.writeString(file, """
                source:
                  type: mongodb
                  hosts: %s
                  collection: shop\\.orders
                  scan.startup.mode: initial
                  scan.incremental.snapshot.chunk.size: 2000
                  poll.await.time.ms: 100
                sink:
                  type: kafka
                  properties.bootstrap.servers: %s
                  topic: %s
                  sink.topic.partitions: 3
                pipeline:
                  name: shop-to-kafka
                  parallelism: 2
                  execution.checkpointing.interval: 1s
                """.formatted(mongoHosts, broker.bootstrapServers(), TOPIC));
        return file;
    }

    /** Waits until two checkpoints completed and a fifth of the documents is committed to Kafka. */
    private static void awaitSnapshotUnderWay(Path state, MongoTopicReplica replica, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            replica.catchUp();
            if (StateDirectory.newestCheckpoint(state) >= 2 && replica.changes() >= DOCUMENTS / 5) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the snapshot did not get under way within 2 minutes:\n" + process.tail());
    }

    private static void awaitReplicaEqualsSource(MongoTopicReplica replica, MongoVersionedWorkload workload, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        Map<Integer, Integer> expected = workload.versions();
        while (Instant.now().isBefore(deadline)) {
            replica.catchUp();
            if (replica.versions().equals(expected)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the collection rebuilt from Kafka never matched the source: source has " + expected.size()
                + " documents, Kafka " + replica.versions().size() + "; history violations " + replica.violations() + "\n" + process.tail());
    }
}
