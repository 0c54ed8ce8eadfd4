package io.tributary.benchmarks.kafka;

import io.tributary.cli.benchmark.BenchmarkReport;
import io.tributary.cli.benchmark.BenchmarkResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tributary-benchmark kafka}: PostgreSQL → Kafka throughput with each delivery guarantee. */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = {
            "Snapshots a generated table of --rows rows from an embedded PostgreSQL server into a Kafka broker started in this"
                    + " process (KRaft, one node), then commits --changes row updates and measures their delivery, as a"
                    + " read_committed consumer sees them. Prints, per delivery guarantee, events/s of the snapshot and of the"
                    + " stream, the end-of-load lag and the peak heap (of the whole process: broker and consumer included) per run"
                    + " and their medians. Run it with JAVA_OPTS=-Xmx1g."
        })
public final class KafkaBenchmarkCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the snapshotted table. Default: ${DEFAULT-VALUE}.")
    private long rows;

    @Option(names = "--changes", defaultValue = "200000", description = "Row updates streamed after the snapshot. Default: ${DEFAULT-VALUE}.")
    private long changes;

    @Option(names = "--runs", defaultValue = "3", description = "Runs per delivery guarantee to take the median of. Default: ${DEFAULT-VALUE}.")
    private int runs;

    @Option(names = "--delivery-guarantees", split = ",", defaultValue = "exactly-once,at-least-once",
            description = "sink.delivery-guarantee values to measure, in order. Default: ${DEFAULT-VALUE}.")
    private List<String> guarantees;

    @Option(names = "--parallelism", defaultValue = "1", description = "Pipeline parallelism (snapshot readers and sink writers). Default: ${DEFAULT-VALUE}.")
    private int parallelism;

    @Option(names = "--chunk-size", defaultValue = "8096", description = "scan.incremental.snapshot.chunk.size. Default: ${DEFAULT-VALUE}.")
    private int chunkSize;

    @Option(names = "--checkpoint-interval", defaultValue = "2s",
            description = "execution.checkpointing.interval; exactly-once records become visible when a checkpoint completes. Default: ${DEFAULT-VALUE}.")
    private String checkpointInterval;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || changes < 1 || runs < 1 || parallelism < 1 || chunkSize < 1) {
            throw new ParameterException(spec.commandLine(), "--rows, --changes, --runs, --parallelism and --chunk-size must be positive.");
        }
        Duration interval;
        try {
            interval = TimeUtils.parseDuration(checkpointInterval);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--checkpoint-interval takes a duration such as 2s or 500ms, not " + checkpointInterval + ".");
        }
        for (String guarantee : guarantees) {
            if (!guarantee.equals("exactly-once") && !guarantee.equals("at-least-once")) {
                throw new ParameterException(spec.commandLine(), "--delivery-guarantees takes exactly-once and at-least-once, not " + guarantee + ".");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        KafkaBenchmark benchmark = new KafkaBenchmark(out, new KafkaBenchmark.Settings(rows, changes, parallelism, chunkSize, interval));
        Map<String, List<BenchmarkResult>> results = benchmark.run(guarantees, runs);
        out.printf("%,d rows, %,d changes, parallelism %d, checkpoints every %s:%n", rows, changes, parallelism, checkpointInterval);
        results.forEach((guarantee, figures) -> out.printf("%s %s%n", guarantee, BenchmarkReport.medians(figures)));
        out.flush();
        return 0;
    }
}
