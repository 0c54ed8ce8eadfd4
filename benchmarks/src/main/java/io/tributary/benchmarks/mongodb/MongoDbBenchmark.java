package io.tributary.benchmarks.mongodb;

import static java.util.Objects.requireNonNull;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tributary.cli.benchmark.BenchmarkReport;
import io.tributary.cli.benchmark.BenchmarkResult;
import io.tributary.cli.benchmark.CommandStartup;
import io.tributary.cli.benchmark.PipelineProgress;
import io.tributary.cli.benchmark.SnapshotStreamRun;
import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.sink.blackhole.BlackholeTotals;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;

/**
 * Snapshots a generated collection of N documents (six fields) from an in-memory MongoDB
 * wire-protocol server into the blackhole sink, then inserts M documents in batches of 1,000 and
 * times their delivery through the change stream.
 */
final class MongoDbBenchmark {
    private static final int DOCUMENTS_PER_BATCH = 1_000;

    private final PrintWriter out;
    private final long documents;
    private final long changes;
    private final int parallelism;
    private final int chunkSize;
    private long nextId;

    MongoDbBenchmark(PrintWriter out, long documents, long changes, int parallelism, int chunkSize) {
        this.out = requireNonNull(out, "out is null");
        this.documents = documents;
        this.changes = changes;
        this.parallelism = parallelism;
        this.chunkSize = chunkSize;
    }

    List<BenchmarkResult> run(int runs) throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.enableOplog();
        String hosts = "127.0.0.1:" + server.bind().getPort();
        try (MongoClient client = MongoClients.create("mongodb://" + hosts)) {
            MongoCollection<Document> items = client.getDatabase("bench").getCollection("items");
            load(items);
            Path stateRoot = Files.createTempDirectory("tributary-benchmark-mongodb");
            List<BenchmarkResult> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                BenchmarkResult result = runOnce(hosts, items, stateRoot.resolve("run-" + run), run);
                out.printf("run %d: %s%n", run, BenchmarkReport.line(result));
                out.flush();
                results.add(result);
            }
            return results;
        } finally {
            server.shutdownNow();
        }
    }

    private void load(MongoCollection<Document> items) {
        long started = System.nanoTime();
        insert(items, documents);
        out.printf("Loaded %,d documents into bench.items in %.1f s%n", documents, (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    /** Inserts {@code count} new documents in batches; returns when the last batch is written. */
    private long insert(MongoCollection<Document> items, long count) {
        List<Document> batch = new ArrayList<>(DOCUMENTS_PER_BATCH);
        for (long i = 0; i < count; i++) {
            long id = ++nextId;
            batch.add(new Document("_id", id).append("k", (int) (id % 1000)).append("name", "item-" + id)
                    .append("price", new Decimal128(id).bigDecimalValue().movePointLeft(2)).append("created", Date.from(Instant.ofEpochSecond(1_704_067_200L + id)))
                    .append("note", Long.toHexString(id * 0x9E3779B97F4A7C15L)));
            if (batch.size() == DOCUMENTS_PER_BATCH) {
                items.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            items.insertMany(batch);
        }
        return System.nanoTime();
    }

    private BenchmarkResult runOnce(String hosts, MongoCollection<Document> items, Path stateDirectory, int run) throws Exception {
        double rawRate = rawFindRate(items);
        long snapshotDocuments = items.countDocuments();
        BlackholeTotals.reset();
        Map<String, String> source = Map.of("hosts", hosts, "collection", "bench\\.items", "scan.incremental.snapshot.chunk.size",
                Integer.toString(chunkSize), "poll.await.time.ms", "100");
        PipelineDefinition definition = new PipelineDefinition("benchmark-mongodb-" + run, new ConnectorDefinition("mongodb", source),
                new ConnectorDefinition("blackhole", Map.of()), List.of(),
                Map.of("parallelism", Integer.toString(parallelism), "execution.checkpointing.interval", "2s"));
        Optional<CommandStartup.Result> startup = CommandStartup.measureFromCheckout("benchmark-mongodb-startup-" + run, "mongodb", source, parallelism,
                stateDirectory.resolveSibling("startup-" + run));
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(stateDirectory, OptionalInt.empty()));
        BenchmarkResult result = SnapshotStreamRun.measure(runner, rawRate, snapshotDocuments, changes, BlackholeTotals::reads, BlackholeTotals::inserts,
                new SnapshotStreamRun.Load() {
                    @Override
                    public void awaitStreaming(BackgroundPipeline pipeline) throws Exception {
                        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                        while (BlackholeTotals.inserts() == 0) {
                            PipelineProgress.checkFailure(pipeline);
                            if (System.nanoTime() > deadline) {
                                throw new IllegalStateException("The stream did not start within 5 minutes after the snapshot");
                            }
                            insert(items, 1);
                            Thread.sleep(200); // paces the probe inserts; nothing waits on this sleep
                        }
                    }

                    @Override
                    public long commitChanges() {
                        return insert(items, changes);
                    }
                });
        return startup.map(result::withCommandStartup).orElse(result);
    }

    /** One plain cursor over the whole collection: the ceiling a snapshot reader is compared with. */
    private static double rawFindRate(MongoCollection<Document> items) {
        long start = System.nanoTime();
        long count = 0;
        try (MongoCursor<RawBsonDocument> cursor = items.withDocumentClass(RawBsonDocument.class).find().batchSize(1024).cursor()) {
            while (cursor.hasNext()) {
                RawBsonDocument document = cursor.next();
                document.get("_id");
                document.get("note");
                count++;
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
