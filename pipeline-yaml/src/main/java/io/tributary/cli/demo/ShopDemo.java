package io.tributary.cli.demo;

import static java.util.Objects.requireNonNull;

import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.pipeline.PipelineParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The self-contained demo: two embedded PostgreSQL servers, a shop database under a live workload,
 * and a pipeline replicating it into the second server, with row counts printed as it runs and a
 * final comparison of source and target.
 */
public final class ShopDemo {
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);

    private final PrintWriter out;
    private final Duration runFor;
    private final OptionalInt httpPort;
    private final CountDownLatch stopRequested;
    private final Consumer<Supplier<String>> followProgress;

    /**
     * @param runFor how long the workload runs; zero runs it until {@code stopRequested}
     * @param stopRequested counted down (by Ctrl-C) to end the workload early
     * @param followProgress given the pipeline's {@code /status} document once it runs, to show its progress
     */
    public ShopDemo(PrintWriter out, Duration runFor, OptionalInt httpPort, CountDownLatch stopRequested, Consumer<Supplier<String>> followProgress) {
        this.out = requireNonNull(out, "out is null");
        this.runFor = requireNonNull(runFor, "runFor is null");
        this.httpPort = requireNonNull(httpPort, "httpPort is null");
        this.stopRequested = requireNonNull(stopRequested, "stopRequested is null");
        this.followProgress = requireNonNull(followProgress, "followProgress is null");
    }

    /**
     * Runs the demo and closes everything it started.
     *
     * @return true when every target table equals its source table at the end
     * @throws Exception when the pipeline or a server fails; the pipeline's failure is rethrown as is
     */
    public boolean run() throws Exception {
        Path workDirectory = Files.createTempDirectory("tributary-demo");
        try (DemoPostgresServer source = DemoPostgresServer.start(); DemoPostgresServer target = DemoPostgresServer.start()) {
            print("Started PostgreSQL servers on 127.0.0.1:" + source.port() + " (source) and 127.0.0.1:" + target.port() + " (target).");
            ShopDatabase.create(source);
            target.execute("postgres", "CREATE DATABASE " + DemoPipelineFile.REPLICA_DATABASE);
            print("Created database '" + ShopDatabase.NAME + "': " + ShopDatabase.CUSTOMERS + " customers, " + ShopDatabase.ORDERS
                    + " orders, " + ShopDatabase.PRODUCTS + " products.");
            Path file = DemoPipelineFile.write(workDirectory, source.port(), target.port());
            print("Pipeline file " + file + ":\n\n" + Files.readString(file));
            PipelineDefinition definition = new PipelineParser(System.getenv()).parse(file);
            PipelineRunner runner = new PipelineRunner(definition, new RunOptions(workDirectory.resolve("state"), httpPort));
            return replicate(source, target, runner);
        } finally {
            deleteRecursively(workDirectory);
        }
    }

    private boolean replicate(DemoPostgresServer source, DemoPostgresServer target, PipelineRunner runner) throws Exception {
        try (BackgroundPipeline pipeline = BackgroundPipeline.start(runner, "tributary-demo-pipeline")) {
            followProgress.accept(runner::statusJson);
            try (ShopWorkload workload = ShopWorkload.start(source)) {
                print("Running the pipeline with a workload of a few changes per second"
                        + (runFor.isZero() ? " until Ctrl-C." : " for " + runFor.toSeconds() + " s."));
                watch(source, target, pipeline);
                print("Stopping the workload after " + workload.committedTransactions() + " transactions"
                        + (workload.failedTransactions() == 0 ? "." : " (" + workload.failedTransactions() + " failed: "
                                + workload.firstFailure().orElse("?") + ")."));
            }
            rethrowFailure(pipeline);
            boolean equal = catchUp(source, target, pipeline);
            rethrowFailure(pipeline);
            printComparison(source, target);
            return equal;
        }
    }

    /** Prints row counts every few seconds until the run time is over, Ctrl-C, or the pipeline ends. */
    private void watch(DemoPostgresServer source, DemoPostgresServer target, BackgroundPipeline pipeline) throws Exception {
        long started = System.nanoTime();
        while (!pipeline.hasEnded()) {
            if (stopRequested.await(PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            print(String.format("[%3ds] %s", elapsed.toSeconds(), counts(source, target)));
            if (!runFor.isZero() && elapsed.compareTo(runFor) >= 0) {
                return;
            }
        }
    }

    /** Waits until the target equals the source, the pipeline ends, or the limit passes. */
    private boolean catchUp(DemoPostgresServer source, DemoPostgresServer target, BackgroundPipeline pipeline) throws Exception {
        print("Waiting up to " + CATCH_UP_LIMIT.toSeconds() + " s for the target to catch up...");
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (true) {
            if (allEqual(source, target)) {
                return true;
            }
            if (System.nanoTime() >= deadline || pipeline.awaitEnd(Duration.ofSeconds(1))) {
                return allEqual(source, target);
            }
        }
    }

    private boolean allEqual(DemoPostgresServer source, DemoPostgresServer target) throws SQLException {
        Map<DemoTable, Optional<TableContents>> sourceContents = contents(source, ShopDatabase.NAME);
        Map<DemoTable, Optional<TableContents>> targetContents = contents(target, DemoPipelineFile.REPLICA_DATABASE);
        return sourceContents.equals(targetContents);
    }

    private String counts(DemoPostgresServer source, DemoPostgresServer target) throws SQLException {
        Map<DemoTable, Optional<TableContents>> sourceContents = contents(source, ShopDatabase.NAME);
        Map<DemoTable, Optional<TableContents>> targetContents = contents(target, DemoPipelineFile.REPLICA_DATABASE);
        StringBuilder line = new StringBuilder();
        for (DemoTable table : ShopDatabase.TABLES) {
            line.append(line.length() == 0 ? "" : " | ").append(table.name()).append(' ')
                    .append(rows(sourceContents.get(table))).append(" -> ").append(rows(targetContents.get(table)));
        }
        return line.append("   (rows: source -> target)").toString();
    }

    private void printComparison(DemoPostgresServer source, DemoPostgresServer target) throws SQLException {
        Map<DemoTable, Optional<TableContents>> sourceContents = contents(source, ShopDatabase.NAME);
        Map<DemoTable, Optional<TableContents>> targetContents = contents(target, DemoPipelineFile.REPLICA_DATABASE);
        print("Final comparison (row counts, and a checksum of every row's values):");
        for (DemoTable table : ShopDatabase.TABLES) {
            boolean equal = sourceContents.get(table).equals(targetContents.get(table));
            print(String.format("  %-10s source: %-10s target: %-10s source == target: %s", table.name(),
                    rowsWord(sourceContents.get(table)), rowsWord(targetContents.get(table)), equal ? "yes" : "no"));
        }
    }

    private static Map<DemoTable, Optional<TableContents>> contents(DemoPostgresServer server, String database) throws SQLException {
        Map<DemoTable, Optional<TableContents>> contents = new LinkedHashMap<>();
        try (Connection connection = server.connect(database)) {
            for (DemoTable table : ShopDatabase.TABLES) {
                contents.put(table, table.read(connection));
            }
        }
        return contents;
    }

    private static String rows(Optional<TableContents> contents) {
        return contents.map(c -> Long.toString(c.rows())).orElse("no table");
    }

    private static String rowsWord(Optional<TableContents> contents) {
        return contents.map(c -> c.rows() + " rows").orElse("no table");
    }

    private static void rethrowFailure(BackgroundPipeline pipeline) throws Exception {
        Optional<Throwable> failure = pipeline.failure();
        if (failure.isPresent()) {
            if (failure.get() instanceof Exception e) {
                throw e;
            }
            throw new IllegalStateException("The pipeline failed: " + failure.get(), failure.get());
        }
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
