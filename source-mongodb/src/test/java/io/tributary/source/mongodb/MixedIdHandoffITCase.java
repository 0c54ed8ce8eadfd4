package io.tributary.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.tributary.core.model.Operation;
import io.tributary.core.model.TableId;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.runtime.TableRouter;
import io.tributary.core.source.contract.CollectedTarget;
import io.tributary.core.source.contract.CollectedTargetSinkFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50,000 documents whose {@code _id}s are integers, longs, strings and ObjectIds, snapshotted in
 * chunks while a writer deletes and re-inserts documents, each write of an id carrying the next
 * version of it; the pipeline is crashed during the snapshot and again while streaming, and
 * restarted from its checkpoint. Inserts and deletes carry exact images (no lookup), so the target's
 * history of each id must show every version once, in order: nothing missed at the handoff or
 * across a crash, nothing repeated.
 */
class MixedIdHandoffITCase {
    private static final int DOCUMENTS = 50_000;
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    /** The collection as the target names it: the default route keeps its database as the namespace. */
    private static final TableId COLLECTION = new TableRouter(List.of()).route(TableId.ofDatabaseTable("handoff", "mixed"));
    private static TestingMongoServer server;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startServer() {
        server = TestingMongoServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyVersionOfEveryIdReachesTheTargetOnceAcrossTheHandoffAndTwoCrashes() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("seed " + seed);
        try (MongoClient client = server.client()) {
            MongoCollection<BsonDocument> collection = client.getDatabase("handoff").getCollection("mixed", BsonDocument.class);
            Workload workload = new Workload(collection, new Random(seed));
            workload.load();
            String name = "mixed-ids";
            CollectedTarget target = CollectedTargetSinkFactory.target(name);
            int holdAt = DOCUMENTS / 4 + new Random(seed).nextInt(DOCUMENTS / 2);
            target.holdAfterCommittedReads(holdAt);

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    while (writing.get()) {
                        workload.write(1);
                        Thread.sleep(3); // a steady few hundred writes a second, which the in-build server's oplog scans keep up with
                    }
                } catch (Throwable t) {
                    writerFailure.set(t);
                }
            }, "mixed-id writer");
            writer.start();
            Running first = started(Running.start(definition(name), stateDir));
            await(target::isHolding, "a checkpoint holding " + holdAt + " snapshot reads", first);
            first.crash();
            target.release();

            Running second = started(Running.start(definition(name), stateDir));
            await(() -> target.histories(COLLECTION).values().stream().flatMap(List::stream).anyMatch(c -> c.operation() != Operation.READ),
                    "a streamed change", second);
            int streamedFrom = workload.writes();
            await(() -> workload.writes() >= streamedFrom + 300, "300 more writes", second);
            writing.set(false);
            writer.join();
            assertThat(writerFailure.get()).as("the concurrent writer").isNull();
            awaitTargetEqualsSource(target, workload, second);

            workload.write(400);
            second.crash();
            workload.write(400);
            Running third = started(Running.start(definition(name), stateDir));
            awaitTargetEqualsSource(target, workload, third);
            third.crash();
            System.out.printf("%d documents, %d writes (%d while the snapshot ran)%n", DOCUMENTS, workload.writes(), streamedFrom);

            assertThat(target.committedReads(COLLECTION).values()).as("no document read twice by the snapshot").containsOnly(1);
            assertThat(target.committedReads(COLLECTION)).as("documents the snapshot read").hasSizeGreaterThan(DOCUMENTS / 2);
            List<String> broken = new ArrayList<>();
            target.histories(COLLECTION).forEach((key, history) -> {
                int expected = -1;
                for (CollectedTarget.Change change : history) {
                    if (change.after().isEmpty()) {
                        continue;
                    }
                    int version = version(change.after().get());
                    if (expected != -1 && version != expected && broken.size() < 20) {
                        broken.add(key + ": " + history.stream().map(c -> c.operation() + c.after().map(a -> " v" + version(a)).orElse("")).toList());
                        break;
                    }
                    expected = version + 1;
                }
            });
            assertThat(broken).as("ids whose versions skip or repeat one").isEmpty();
        }
    }

    private final List<Running> pipelines = new ArrayList<>();

    private Running started(Running running) {
        pipelines.add(running);
        return running;
    }

    @org.junit.jupiter.api.AfterEach
    void crashLeftoverPipelines() throws InterruptedException {
        for (Running running : pipelines) {
            if (running.thread().isAlive()) {
                running.crash();
            }
        }
    }

    private PipelineDefinition definition(String name) {
        Map<String, String> source = Map.of("hosts", server.hosts(), "collection", "handoff\\.mixed", "scan.incremental.snapshot.chunk.size", "2000",
                "poll.await.time.ms", "50");
        return new PipelineDefinition(name, new ConnectorDefinition(MongoSourceFactory.IDENTIFIER, source),
                new ConnectorDefinition("collect-target", Map.of("name", name)), List.<RouteDefinition>of(),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "100ms"));
    }

    private static int version(Map<String, Object> row) {
        return (Integer) ((Map<?, ?>) row.get("document")).get("version");
    }

    private static void awaitTargetEqualsSource(CollectedTarget target, Workload workload, Running running) throws InterruptedException {
        await(() -> differences(target, workload).isEmpty(), "the target to equal the source", running);
    }

    private static List<String> differences(CollectedTarget target, Workload workload) {
        Map<String, Integer> expected = workload.liveVersions();
        Map<String, Integer> actual = new HashMap<>();
        target.rows(COLLECTION).forEach((key, row) -> actual.put((String) key.get(0), version(row)));
        List<String> differences = new ArrayList<>();
        if (!expected.equals(actual)) {
            differences.add(expected.size() + " source documents, " + actual.size() + " in the target");
        }
        return differences;
    }

    private static void await(BooleanSupplier condition, String what, Running running) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            running.check();
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100); // polling the collected target
        }
        throw new AssertionError("waited " + DEADLINE + " for " + what);
    }

    /** The only writer of the collection: deletes and (re-)inserts, every write of an id with that id's next version. */
    private static final class Workload {
        private final MongoCollection<BsonDocument> collection;
        private final Random random;
        private final Map<BsonValue, Integer> versions = new HashMap<>();
        private final List<BsonValue> live = new ArrayList<>();
        private final List<BsonValue> deleted = new ArrayList<>();
        private int nextId;
        private volatile int writes;

        Workload(MongoCollection<BsonDocument> collection, Random random) {
            this.collection = collection;
            this.random = random;
        }

        void load() {
            List<BsonDocument> batch = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                BsonValue id = newId();
                versions.put(id, 1);
                live.add(id);
                batch.add(document(id, 1, "loaded"));
                if (batch.size() == 1000) {
                    collection.insertMany(batch);
                    batch.clear();
                }
            }
        }

        /** Ids of four types in turn: int32, int64, string, ObjectId. */
        private BsonValue newId() {
            int n = nextId++;
            return switch (n % 4) {
                case 0 -> new BsonInt32(n);
                case 1 -> new BsonInt64(10_000_000_000L + n);
                case 2 -> new BsonString("key-" + n);
                default -> new BsonObjectId(new ObjectId(ByteBuffer.allocate(12).putInt(0x5f000000).putLong(n).array()));
            };
        }

        synchronized void write(int count) {
            for (int i = 0; i < count; i++) {
                int choice = random.nextInt(100);
                if (choice < 45 && !live.isEmpty()) {
                    BsonValue id = live.remove(random.nextInt(live.size()));
                    collection.deleteOne(Filters.eq("_id", id));
                    deleted.add(id);
                } else {
                    BsonValue id = choice < 80 && !deleted.isEmpty() ? deleted.remove(random.nextInt(deleted.size())) : newId();
                    int version = versions.merge(id, 1, Integer::sum);
                    collection.insertOne(document(id, version, "write " + writes));
                    live.add(id);
                }
                writes++;
            }
        }

        int writes() {
            return writes;
        }

        synchronized Map<String, Integer> liveVersions() {
            Map<String, Integer> byKey = new HashMap<>();
            for (BsonValue id : live) {
                byKey.put(IdKind.extendedJson(id), versions.get(id));
            }
            return byKey;
        }

        private static BsonDocument document(BsonValue id, int version, String note) {
            return new BsonDocument("_id", id).append("version", new BsonInt32(version)).append("note", new BsonString(note));
        }
    }

    /** A pipeline on its own thread, as {@code tributary run} runs it. */
    private record Running(PipelineRunner runner, Thread thread, AtomicReference<Throwable> failure) {
        static Running start(PipelineDefinition definition, Path stateDir) {
            PipelineRunner runner = new PipelineRunner(definition, new RunOptions(stateDir.resolve(definition.name()), OptionalInt.empty()));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    runner.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "pipeline " + definition.name());
            thread.start();
            return new Running(runner, thread, failure);
        }

        void check() {
            if (failure.get() != null) {
                throw new AssertionError("the pipeline failed: " + failure.get(), failure.get());
            }
        }

        void crash() throws InterruptedException {
            runner.abort();
            thread.join(Duration.ofMinutes(1).toMillis());
            assertThat(thread.isAlive()).as("the pipeline ended within a minute of being cancelled").isFalse();
        }
    }
}
