package io.tributary.cli.benchmark;

import static java.util.Objects.requireNonNull;

import io.tributary.cli.demo.DemoPostgresServer;
import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.sink.blackhole.BlackholeTotals;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Snapshots a generated table of N rows into the blackhole sink on the embedded runtime, then
 * commits M row changes and measures their delivery. Counts come from the blackhole sink's
 * process-wide totals, which is why this runs in one JVM.
 */
public final class SnapshotStreamBenchmark {
    private static final String DATABASE = "bench";
    private static final int ROWS_PER_TRANSACTION = 1_000;

    private final PrintWriter out;
    private final long rows;
    private final long changes;
    private final int parallelism;
    private final int chunkSize;

    public SnapshotStreamBenchmark(PrintWriter out, long rows, long changes, int parallelism, int chunkSize) {
        this.out = requireNonNull(out, "out is null");
        this.rows = rows;
        this.changes = changes;
        this.parallelism = parallelism;
        this.chunkSize = chunkSize;
    }

    public List<BenchmarkResult> run(int runs) throws Exception {
        try (DemoPostgresServer server = DemoPostgresServer.start()) {
            load(server);
            Path stateRoot = Files.createTempDirectory("tributary-benchmark");
            java.util.ArrayList<BenchmarkResult> results = new java.util.ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                BenchmarkResult result = runOnce(server, stateRoot.resolve("run-" + run), run);
                out.printf("run %d: %s%n", run, BenchmarkReport.line(result));
                out.flush();
                results.add(result);
            }
            return results;
        }
    }

    private void load(DemoPostgresServer server) throws SQLException {
        out.printf("Loading %,d rows into an embedded PostgreSQL server...%n", rows);
        out.flush();
        server.execute("postgres", "CREATE DATABASE " + DATABASE);
        server.execute(DATABASE,
                "CREATE TABLE items (id bigint PRIMARY KEY, k integer NOT NULL, name text, amount numeric(12,2), created timestamptz, payload varchar(100))",
                "INSERT INTO items SELECT g, g % 1000, 'item ' || g, (g % 100000) / 100.0, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',"
                        + " md5(g::text) FROM generate_series(1, " + rows + ") g",
                "ANALYZE items",
                "CHECKPOINT");
    }

    private BenchmarkResult runOnce(DemoPostgresServer server, Path stateDirectory, int run) throws Exception {
        double rawRate = rawJdbcRate(server);
        BlackholeTotals.reset();
        PipelineRunner runner = new PipelineRunner(definition(server, run), new RunOptions(stateDirectory, OptionalInt.empty()));
        try (HeapSampler heap = new HeapSampler()) {
            long submitted = System.nanoTime();
            long firstRow;
            long lastRow;
            long loadStart;
            long loadEnd;
            long delivered;
            long peak;
            try (BackgroundPipeline pipeline = BackgroundPipeline.start(runner, "benchmark-pipeline")) {
                firstRow = awaitCount(BlackholeTotals::reads, 1, pipeline, Duration.ofMinutes(5));
                lastRow = awaitCount(BlackholeTotals::reads, rows, pipeline, Duration.ofMinutes(30));
                awaitStreaming(server, pipeline);
                long baseline = BlackholeTotals.updates();
                loadStart = System.nanoTime();
                loadEnd = commitChanges(server);
                delivered = awaitCount(BlackholeTotals::updates, baseline + changes, pipeline, Duration.ofMinutes(30));
                peak = heap.peakBytes();
            }
            double snapshotSeconds = (lastRow - submitted) / 1e9;
            double snapshotRate = rows / Math.max(1e-9, (lastRow - firstRow) / 1e9);
            double streamRate = changes / Math.max(1e-9, (delivered - loadStart) / 1e9);
            return new BenchmarkResult(rawRate, snapshotRate, snapshotSeconds, streamRate, Math.max(0, (delivered - loadEnd) / 1_000_000), peak);
        } finally {
            server.execute(DATABASE, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'bench_" + run + "'");
        }
    }

    private PipelineDefinition definition(DemoPostgresServer server, int run) {
        Map<String, String> source = Map.of(
                "hostname", "127.0.0.1",
                "port", Integer.toString(server.port()),
                "username", DemoPostgresServer.USER,
                "password", "postgres",
                "tables", DATABASE + ".public.items",
                "slot.name", "bench_" + run,
                "scan.startup.mode", "initial",
                "scan.incremental.snapshot.chunk.size", Integer.toString(chunkSize));
        return new PipelineDefinition("benchmark-" + run, new ConnectorDefinition("postgres", source), new ConnectorDefinition("blackhole", Map.of()),
                List.of(), Map.of("parallelism", Integer.toString(parallelism), "execution.checkpointing.interval", "2s"));
    }

    private double rawJdbcRate(DemoPostgresServer server) throws SQLException {
        try (Connection connection = server.connect(DATABASE)) {
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            long count = 0;
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(10_000);
                try (ResultSet rs = statement.executeQuery("SELECT id, k, name, amount, created, payload FROM items")) {
                    while (rs.next()) {
                        for (int i = 1; i <= 6; i++) {
                            rs.getObject(i);
                        }
                        count++;
                    }
                }
            }
            connection.commit();
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Updates one row now and then until the stream delivers it: the stream is then running. */
    private void awaitStreaming(DemoPostgresServer server, BackgroundPipeline pipeline) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (BlackholeTotals.updates() == 0) {
            checkFailure(pipeline);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The stream did not start within 5 minutes after the snapshot");
            }
            server.execute(DATABASE, "UPDATE items SET k = k WHERE id = 1");
            // Paces the probe updates (a few per second); nothing waits on this sleep.
            Thread.sleep(200);
        }
    }

    /** Commits the changes in transactions of 1,000 updated rows; returns when the last committed. */
    private long commitChanges(DemoPostgresServer server) throws SQLException {
        try (Connection connection = server.connect(DATABASE); Statement statement = connection.createStatement()) {
            long done = 0;
            long from = 0;
            while (done < changes) {
                long batch = Math.min(ROWS_PER_TRANSACTION, changes - done);
                long firstId = from % rows + 1;
                if (firstId + batch - 1 > rows) {
                    firstId = 1;
                }
                statement.executeUpdate("UPDATE items SET k = k + 1 WHERE id BETWEEN " + firstId + " AND " + (firstId + batch - 1));
                done += batch;
                from = firstId - 1 + batch;
            }
            return System.nanoTime();
        }
    }

    private static long awaitCount(LongSupplier counter, long target, BackgroundPipeline pipeline, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.getAsLong() < target) {
            checkFailure(pipeline);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + counter.getAsLong() + " of " + target + " events arrived within " + timeout);
            }
            // The harness watches the sink's counter from outside the job; polling every
            // millisecond bounds the timing error to 1 ms without touching the sink's hot path.
            Thread.sleep(1);
        }
        return System.nanoTime();
    }

    private static void checkFailure(BackgroundPipeline pipeline) throws Exception {
        Throwable t = pipeline.failure().orElse(null);
        if (t instanceof Exception e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        if (pipeline.hasEnded()) {
            throw new IllegalStateException("The pipeline ended before the benchmark did");
        }
    }
}
