package io.tributary.benchmarks.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.cli.benchmark.BenchmarkReport;
import io.tributary.cli.benchmark.BenchmarkResult;
import io.tributary.cli.benchmark.BenchmarkTable;
import io.tributary.cli.benchmark.CommandStartup;
import io.tributary.cli.benchmark.SnapshotStreamRun;
import io.tributary.cli.demo.DemoPostgresServer;
import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.sink.kafka.TestingKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * Snapshots the generated benchmark table from an embedded PostgreSQL server into a Kafka broker
 * in this process, then commits row updates and times their delivery as a {@code read_committed}
 * consumer sees them, once per run and delivery guarantee. Each run has its own pipeline name
 * (hence transactional ids), slot and topic; the topic is deleted after the run.
 */
final class KafkaBenchmark {
    /** What every run uses. */
    record Settings(long rows, long changes, int parallelism, int chunkSize, Duration checkpointInterval) {
        Settings {
            requireNonNull(checkpointInterval, "checkpointInterval is null");
        }
    }

    private final PrintWriter out;
    private final Settings settings;

    KafkaBenchmark(PrintWriter out, Settings settings) {
        this.out = requireNonNull(out, "out is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The results of each run, by delivery guarantee in the order given. */
    Map<String, List<BenchmarkResult>> run(List<String> guarantees, int runs) throws Exception {
        Map<String, List<BenchmarkResult>> results = new LinkedHashMap<>();
        try (DemoPostgresServer server = DemoPostgresServer.start(); TestingKafkaBroker broker = TestingKafkaBroker.start()) {
            BenchmarkTable table = new BenchmarkTable(server, settings.rows());
            table.load(out);
            Path stateRoot = Files.createTempDirectory("tributary-benchmark-kafka");
            for (String guarantee : guarantees) {
                for (int run = 1; run <= runs; run++) {
                    String name = guarantee + "-" + run;
                    BenchmarkResult result = runOnce(table, broker, guarantee, name, stateRoot.resolve(name));
                    out.printf("%s run %d: %s%n", guarantee, run, BenchmarkReport.line(result));
                    out.flush();
                    results.computeIfAbsent(guarantee, g -> new ArrayList<>()).add(result);
                }
            }
        }
        return results;
    }

    private BenchmarkResult runOnce(BenchmarkTable table, TestingKafkaBroker broker, String guarantee, String name, Path stateDirectory)
            throws Exception {
        double rawRate = table.rawJdbcRate();
        String slot = "bench_" + name.replace('-', '_');
        String topic = "bench-" + name;
        Map<String, String> sink = Map.of(
                "properties.bootstrap.servers", broker.bootstrapServers(),
                "topic", topic,
                "sink.delivery-guarantee", guarantee,
                "sink.topic.partitions", Integer.toString(settings.parallelism()));
        PipelineDefinition definition = new PipelineDefinition("benchmark-kafka-" + name,
                new ConnectorDefinition("postgres", table.sourceOptions(slot, settings.chunkSize())), new ConnectorDefinition("kafka", sink), List.of(),
                Map.of("parallelism", Integer.toString(settings.parallelism()),
                        "execution.checkpointing.interval", settings.checkpointInterval().toMillis() + "ms"));
        String startupSlot = slot + "_startup";
        Optional<CommandStartup.Result> startup;
        try {
            // into the blackhole sink: the start-up of the source and the runtime, not the broker's first transaction
            startup = CommandStartup.measureFromCheckout("benchmark-kafka-startup-" + name, "postgres", table.sourceOptions(startupSlot, settings.chunkSize()),
                    settings.parallelism(), stateDirectory.resolveSibling(name + "-startup"));
        } finally {
            table.dropSlot(startupSlot);
        }
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(stateDirectory, OptionalInt.empty()));
        long rows = settings.rows();
        long changes = settings.changes();
        try (TopicCounter counter = new TopicCounter(broker.bootstrapServers(), topic)) {
            BenchmarkResult result = SnapshotStreamRun.measure(runner, rawRate, rows, changes, counter::records, counter::records, new SnapshotStreamRun.Load() {
                @Override
                public void awaitStreaming(BackgroundPipeline pipeline) throws Exception {
                    table.awaitStreaming(counter::records, rows, pipeline);
                }

                @Override
                public long commitChanges() throws Exception {
                    return table.commitChanges(changes);
                }
            });
            return startup.map(result::withCommandStartup).orElse(result);
        } finally {
            table.dropSlot(slot);
            deleteTopic(broker, topic);
        }
    }

    /** Keeps the broker's disk use to one run's records. */
    private static void deleteTopic(TestingKafkaBroker broker, String topic) throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
    }
}
