package io.tributary.benchmarks.mongodb;

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

/** {@code tributary-benchmark mongodb}: the MongoDB source's snapshot and change-stream throughput on the in-build server. */
@Command(
        name = "mongodb",
        mixinStandardHelpOptions = true,
        description = {
            "Snapshots a generated collection of --documents documents from an in-memory MongoDB wire-protocol server started in this"
                    + " process (mongo-java-server, oplog on) into the blackhole sink, then inserts --changes documents and measures their"
                    + " delivery through the change stream. Prints the raw find rate (one plain cursor, in the 'raw JDBC' column), snapshot"
                    + " documents/s, stream events/s, end-of-load lag and peak heap per run and their medians. The test server scans its"
                    + " whole oplog for each change-stream batch and its whole collection for each updateLookup, so the stream figures are"
                    + " the server's as much as the source's, and changes are inserts. Run it with JAVA_OPTS=-Xmx1g."
        })
public final class MongoDbBenchmarkCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--documents", defaultValue = "1000000", description = "Documents in the snapshotted collection. Default: ${DEFAULT-VALUE}.")
    private long documents;

    @Option(names = "--changes", defaultValue = "200000", description = "Documents inserted after the snapshot. Default: ${DEFAULT-VALUE}.")
    private long changes;

    @Option(names = "--runs", defaultValue = "3", description = "Runs to take the median of. Default: ${DEFAULT-VALUE}.")
    private int runs;

    @Option(names = "--parallelism", defaultValue = "1", description = "Snapshot readers (1 measures one reader). Default: ${DEFAULT-VALUE}.")
    private int parallelism;

    @Option(names = "--chunk-size", defaultValue = "65536", description = "scan.incremental.snapshot.chunk.size (documents). Default: ${DEFAULT-VALUE}.")
    private int chunkSize;

    @Override
    public Integer call() throws Exception {
        if (documents < 1 || changes < 1 || runs < 1 || parallelism < 1 || chunkSize < 1) {
            throw new ParameterException(spec.commandLine(), "--documents, --changes, --runs, --parallelism and --chunk-size must be positive.");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<BenchmarkResult> results = new MongoDbBenchmark(out, documents, changes, parallelism, chunkSize).run(runs);
        out.printf("%,d documents, %,d changes, parallelism %d:%n", documents, changes, parallelism);
        out.println(BenchmarkReport.medians(results));
        out.flush();
        return 0;
    }
}
