package io.tributary.cli;

import io.tributary.cli.benchmark.BenchmarkReport;
import io.tributary.cli.benchmark.BenchmarkResult;
import io.tributary.cli.benchmark.SnapshotStreamBenchmark;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tributary benchmark}: snapshot and streaming throughput from an embedded PostgreSQL into the blackhole sink. */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        versionProvider = TributaryVersion.class,
        description = {
            "Measures the PostgreSQL source on an embedded server: snapshots a generated table of --rows rows into the blackhole sink,"
                    + " then commits --changes row updates and measures their delivery. Prints rows/s, events/s, end-of-load lag and"
                    + " peak heap per run and their medians. Run it with JAVA_OPTS=-Xmx1g to check the memory bound."
        })
final class BenchmarkCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private FailureReporter failures;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the snapshotted table. Default: ${DEFAULT-VALUE}.")
    private long rows;

    @Option(names = "--changes", defaultValue = "200000", description = "Row updates streamed after the snapshot. Default: ${DEFAULT-VALUE}.")
    private long changes;

    @Option(names = "--parallelism", defaultValue = "1", description = "Snapshot readers (1 measures one reader). Default: ${DEFAULT-VALUE}.")
    private int parallelism;

    @Option(names = "--chunk-size", defaultValue = "8096", description = "scan.incremental.snapshot.chunk.size. Default: ${DEFAULT-VALUE}.")
    private int chunkSize;

    @Option(names = "--transform", description = "Apply a typical transform (projection with computed columns, and a filter every row"
            + " meets) to measure its cost per event.")
    private boolean transform;

    @Option(names = "--runs", defaultValue = "3", description = "Runs to take the median of. Default: ${DEFAULT-VALUE}.")
    private int runs;

    @Option(names = "--read-again", description = "After the changes, read the table again while streaming (tributary snapshot) with a"
            + " single-row update committed every 5 ms, and print the rows/s of the re-read and how late those updates arrive.")
    private boolean readAgain;

    @Option(names = "--changes-during-snapshot", description = "Also capture a small table read before the benchmark table, commit a"
            + " single-row update to it every 5 ms while the benchmark table's snapshot runs, and print how late those updates arrive.")
    private boolean changesDuringSnapshot;

    @Override
    public Integer call() {
        if (rows < 1 || changes < 1 || parallelism < 1 || chunkSize < 1 || runs < 1) {
            throw new ParameterException(spec.commandLine(), "--rows, --changes, --parallelism, --chunk-size and --runs must be positive.");
        }
        PrintWriter out = spec.commandLine().getOut();
        System.setProperty(TributaryCli.PIPELINE_LOG_PROPERTY, "benchmark");
        try {
            SnapshotStreamBenchmark benchmark = new SnapshotStreamBenchmark(out, rows, changes, parallelism, chunkSize, transform);
            if (readAgain) {
                benchmark.readingAgain();
            }
            if (changesDuringSnapshot) {
                benchmark.changingDuringSnapshot();
            }
            List<BenchmarkResult> results = benchmark.run(runs);
            out.println(BenchmarkReport.medians(results));
            out.flush();
            return ExitCodes.OK;
        } catch (Exception e) {
            return failures.report(e, spec.commandLine().getErr());
        }
    }
}
