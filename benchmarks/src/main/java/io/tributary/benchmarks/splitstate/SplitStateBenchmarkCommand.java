package io.tributary.benchmarks.splitstate;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tributary-benchmark split-state}: what the source's checkpointed split state costs at scale. */
@Command(
        name = "split-state",
        mixinStandardHelpOptions = true,
        description = {
            "Drives the source's split enumerator through the snapshot of a synthetic source (no database) of --tables tables and"
                    + " --chunks chunks in all, then prints the checkpointed enumerator state and the stream split in bytes, the time"
                    + " to take and serialize them (median of --samples) and the heap the enumerator holds. Run it with"
                    + " JAVA_OPTS=-Xmx4g."
        })
public final class SplitStateBenchmarkCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--tables", defaultValue = "10000", description = "Captured tables. Default: ${DEFAULT-VALUE}.")
    private int tables;

    @Option(names = "--chunks", defaultValue = "1000000", description = "Snapshot chunks over all tables. Default: ${DEFAULT-VALUE}.")
    private int chunks;

    @Option(names = "--markers", defaultValue = "epoch", description = "epoch: every chunk read under one epoch's marker (PostgreSQL);"
            + " chunk: every chunk with its own marker (MariaDB into Kafka exactly-once). Default: ${DEFAULT-VALUE}.")
    private String markers;

    @Option(names = "--samples", defaultValue = "5", description = "Checkpoints to take the median of. Default: ${DEFAULT-VALUE}.")
    private int samples;

    @Override
    public Integer call() throws Exception {
        if (tables < 1 || chunks < tables || samples < 1) {
            throw new ParameterException(spec.commandLine(), "--tables and --samples must be positive, and --chunks at least --tables.");
        }
        if (!markers.equals("epoch") && !markers.equals("chunk")) {
            throw new ParameterException(spec.commandLine(), "--markers is epoch or chunk, not " + markers + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        new SplitStateBenchmark(out, tables, chunks / tables, markers.equals("chunk"), samples).run();
        return 0;
    }
}
