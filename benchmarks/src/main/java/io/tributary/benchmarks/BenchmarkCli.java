package io.tributary.benchmarks;

import io.tributary.benchmarks.kafka.KafkaBenchmarkCommand;
import io.tributary.benchmarks.mariadb.MariaDbBenchmarkCommand;
import io.tributary.benchmarks.mongodb.MongoDbBenchmarkCommand;
import io.tributary.benchmarks.splitstate.SplitStateBenchmarkCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tributary-benchmark}: one subcommand per target, each measuring a pipeline from servers it
 * starts in this process. Separate from the {@code tributary} command so that test servers (the
 * Kafka broker and its Scala runtime, MariaDB's binaries) stay off the product's class path.
 */
@Command(
        name = "tributary-benchmark",
        mixinStandardHelpOptions = true,
        description = "Measures Tributary pipelines against servers started in this process and prints their figures.",
        subcommands = {KafkaBenchmarkCommand.class, MariaDbBenchmarkCommand.class, MongoDbBenchmarkCommand.class, SplitStateBenchmarkCommand.class,
                CommandLine.HelpCommand.class})
public final class BenchmarkCli implements Runnable {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
