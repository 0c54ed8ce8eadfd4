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
import java.sql.Connection;
import java.util.HashMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final boolean transform;
    private boolean readAgain;
    private boolean changesDuringSnapshot;

    /** @param transform whether the pipeline applies {@link BenchmarkTable#typicalTransform()} */
    public SnapshotStreamBenchmark(PrintWriter out, long rows, long changes, int parallelism, int chunkSize, boolean transform) {
        this.out = requireNonNull(out, "out is null");
        this.rows = rows;
        this.changes = changes;
        this.parallelism = parallelism;
        this.chunkSize = chunkSize;
        this.transform = transform;
    }

    /** Also reads the table again while streaming, after the changes, and prints how that went (see {@link ReadAgainMeasurement}). */
    public SnapshotStreamBenchmark readingAgain() {
        this.readAgain = true;
        return this;
    }

    /**
     * Also captures a small table read before the benchmark table, and measures how late its
     * changes arrive while the benchmark table's snapshot runs (see {@link ChangesDuringSnapshot}).
     */
    public SnapshotStreamBenchmark changingDuringSnapshot() {
        this.changesDuringSnapshot = true;
        return this;
    }

    public List<BenchmarkResult> run(int runs) throws Exception {
        try (DemoPostgresServer server = DemoPostgresServer.start()) {
            BenchmarkTable table = new BenchmarkTable(server, rows);
            table.load(out);
            if (changesDuringSnapshot) {
                try (Connection connection = table.connect()) {
                    ChangesDuringSnapshot.createHotTable(connection);
                }
            }
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
        Map<String, String> sourceOptions = new HashMap<>(table.sourceOptions(slot, chunkSize));
        if (changesDuringSnapshot) {
            sourceOptions.put("tables", BenchmarkTable.DATABASE + ".public.hot," + BenchmarkTable.TABLE_ID);
        }
        PipelineDefinition definition = new PipelineDefinition("benchmark-" + run, new ConnectorDefinition("postgres", sourceOptions),
                new ConnectorDefinition("blackhole", Map.of()), List.of(),
                Map.of("parallelism", Integer.toString(parallelism), "execution.checkpointing.interval", "2s"),
                transform ? List.of(BenchmarkTable.typicalTransform()) : List.of());
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(stateDirectory, OptionalInt.empty()));
        String startupSlot = slot + "_startup";
        Optional<CommandStartup.Result> startup;
        try {
            startup = CommandStartup.measureFromCheckout("benchmark-startup-" + run, "postgres", table.sourceOptions(startupSlot, chunkSize), parallelism,
                    stateDirectory.resolveSibling("startup-" + run));
        } finally {
            table.dropSlot(startupSlot);
        }
        Optional<ChangesDuringSnapshot> during = changesDuringSnapshot ? Optional.of(new ChangesDuringSnapshot(table::connect, rows)) : Optional.empty();
        during.ifPresent(ChangesDuringSnapshot::start);
        try {
            BenchmarkResult result = SnapshotStreamRun.measure(runner, rawRate, rows, changes, BlackholeTotals::reads, BlackholeTotals::updates,
                    new SnapshotStreamRun.Load() {
                        @Override
                        public void awaitStreaming(BackgroundPipeline pipeline) throws Exception {
                            if (during.isPresent()) {
                                out.printf("run %d: %s%n", run, during.get().finish());
                                out.flush();
                            }
                            table.awaitStreaming(BlackholeTotals::updates, BlackholeTotals.updates(), pipeline);
                        }

                        @Override
                        public long commitChanges() throws Exception {
                            return table.commitChanges(changes);
                        }

                        @Override
                        public void afterChanges(BackgroundPipeline pipeline) throws Exception {
                            if (readAgain) {
                                out.printf("run %d: %s%n", run, new ReadAgainMeasurement(table, stateDirectory).measure(pipeline));
                                out.flush();
                            }
                        }
                    });
            return startup.map(result::withCommandStartup).orElse(result);
        } finally {
            table.dropSlot(slot);
        }
    }
}
