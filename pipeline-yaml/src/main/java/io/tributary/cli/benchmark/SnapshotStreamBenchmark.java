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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Snapshots a generated table of N rows into the blackhole sink on the embedded runtime, then
 * commits M row changes and measures their delivery. Counts come from the blackhole sink's
 * process-wide totals, which is why this runs in one JVM.
 */
public final class SnapshotStreamBenchmark {
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
            BenchmarkTable table = new BenchmarkTable(server, rows);
            table.load(out);
            Path stateRoot = Files.createTempDirectory("tributary-benchmark");
            List<BenchmarkResult> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                BenchmarkResult result = runOnce(table, stateRoot.resolve("run-" + run), run);
                out.printf("run %d: %s%n", run, BenchmarkReport.line(result));
                out.flush();
                results.add(result);
            }
            return results;
        }
    }

    private BenchmarkResult runOnce(BenchmarkTable table, Path stateDirectory, int run) throws Exception {
        double rawRate = table.rawJdbcRate();
        BlackholeTotals.reset();
        String slot = "bench_" + run;
        PipelineDefinition definition = new PipelineDefinition("benchmark-" + run, new ConnectorDefinition("postgres", table.sourceOptions(slot, chunkSize)),
                new ConnectorDefinition("blackhole", Map.of()), List.of(),
                Map.of("parallelism", Integer.toString(parallelism), "execution.checkpointing.interval", "2s"));
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(stateDirectory, OptionalInt.empty()));
        try (HeapSampler heap = new HeapSampler()) {
            long submitted = System.nanoTime();
            long firstRow;
            long lastRow;
            long loadStart;
            long loadEnd;
            long delivered;
            long peak;
            try (BackgroundPipeline pipeline = BackgroundPipeline.start(runner, "benchmark-pipeline")) {
                firstRow = PipelineProgress.awaitCount(BlackholeTotals::reads, 1, pipeline, Duration.ofMinutes(5));
                lastRow = PipelineProgress.awaitCount(BlackholeTotals::reads, rows, pipeline, Duration.ofMinutes(30));
                table.awaitStreaming(BlackholeTotals::updates, 0, pipeline);
                long baseline = BlackholeTotals.updates();
                loadStart = System.nanoTime();
                loadEnd = table.commitChanges(changes);
                delivered = PipelineProgress.awaitCount(BlackholeTotals::updates, baseline + changes, pipeline, Duration.ofMinutes(30));
                peak = heap.peakBytes();
            }
            double snapshotSeconds = (lastRow - submitted) / 1e9;
            double snapshotRate = rows / Math.max(1e-9, (lastRow - firstRow) / 1e9);
            double streamRate = changes / Math.max(1e-9, (delivered - loadStart) / 1e9);
            return new BenchmarkResult(rawRate, snapshotRate, snapshotSeconds, streamRate, Math.max(0, (delivered - loadEnd) / 1_000_000), peak);
        } finally {
            table.dropSlot(slot);
        }
    }
}
