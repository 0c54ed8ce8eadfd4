package io.tributary.cli.benchmark;

import static java.util.Objects.requireNonNull;

import io.tributary.cli.demo.DemoPostgresServer;
import io.tributary.core.model.TableSelector;
import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.transform.TransformDefinition;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The generated table every benchmark reads, on an embedded PostgreSQL server: {@code rows} rows of
 * six columns in {@code bench.public.items}, and the row updates committed after the snapshot.
 * Shared by the benchmarks of each sink so that their figures compare.
 */
public final class BenchmarkTable {
    public static final String DATABASE = "bench";
    public static final String TABLE_ID = DATABASE + ".public.items";
    private static final int ROWS_PER_TRANSACTION = 1_000;

    private final DemoPostgresServer server;
    private final long rows;

    public BenchmarkTable(DemoPostgresServer server, long rows) {
        this.server = requireNonNull(server, "server is null");
        this.rows = rows;
    }

    public long rows() {
        return rows;
    }

    public void load(PrintWriter out) throws SQLException {
        out.printf("Loading %,d rows into an embedded PostgreSQL server...%n", rows);
        out.flush();
        server.execute("postgres", "CREATE DATABASE " + DATABASE);
        server.execute(DATABASE,
                "CREATE TABLE items (id bigint PRIMARY KEY, k integer NOT NULL, name text, amount numeric(12,2), created timestamptz, payload varchar(100))",
                "INSERT INTO items SELECT g, g % 1000, 'item ' || g, (g % 100000) / 100.0, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',"
                        + " md5(g::text) FROM generate_series(1, " + rows + ") g",
                "ANALYZE items",
                "CHECKPOINT");
    }

    /** The postgres source options that snapshot the table and then stream from slot {@code slot}. */
    public Map<String, String> sourceOptions(String slot, int chunkSize) {
        return Map.of(
                "hostname", "127.0.0.1",
                "port", Integer.toString(server.port()),
                "username", DemoPostgresServer.USER,
                "password", "postgres",
                "tables", TABLE_ID,
                "slot.name", slot,
                "scan.startup.mode", "initial",
                "scan.incremental.snapshot.chunk.size", Integer.toString(chunkSize));
    }

    /**
     * A typical transform of the table: three columns kept, two computed, a metadata column, and a
     * filter every generated row meets (so that delivered counts stay comparable with a run without it).
     */
    public static TransformDefinition typicalTransform() {
        return new TransformDefinition(TableSelector.parse(TABLE_ID),
                Optional.of("id, k, UPPER(name) AS name, amount * 2 AS doubled, CONCAT(k, '/', payload) AS tag, created, __table_name__ AS source_table"),
                Optional.of("k >= 0 AND name LIKE 'item%' AND amount IS NOT NULL"),
                List.of(), List.of(), Map.of(), Optional.empty(), Optional.of("benchmark"));
    }

    /** A connection to the benchmark's database, autocommitting. */
    public Connection connect() throws SQLException {
        return server.connect(DATABASE);
    }

    public void dropSlot(String slot) throws SQLException {
        server.execute(DATABASE, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
    }

    /** One plain JDBC connection reading the whole table: rows per second, for comparison. */
    public double rawJdbcRate() throws SQLException {
        try (Connection connection = server.connect(DATABASE)) {
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            long count = 0;
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(10_000);
                try (ResultSet rs = statement.executeQuery("SELECT id, k, name, amount, created, payload FROM items")) {
                    while (rs.next()) {
                        for (int i = 1; i <= 6; i++) {
                            rs.getObject(i);
                        }
                        count++;
                    }
                }
            }
            connection.commit();
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Updates one row now and then until {@code delivered} exceeds {@code before}: the stream is then running. */
    public void awaitStreaming(LongSupplier delivered, long before, BackgroundPipeline pipeline) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (delivered.getAsLong() <= before) {
            PipelineProgress.checkFailure(pipeline);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The stream did not start within 5 minutes after the snapshot");
            }
            server.execute(DATABASE, "UPDATE items SET k = k WHERE id = 1");
            // Paces the probe updates (a few per second); nothing waits on this sleep.
            Thread.sleep(200);
        }
    }

    /** Commits {@code changes} row updates in transactions of 1,000 rows; returns when the last committed ({@link System#nanoTime()}). */
    public long commitChanges(long changes) throws SQLException {
        try (Connection connection = server.connect(DATABASE); Statement statement = connection.createStatement()) {
            long done = 0;
            long from = 0;
            while (done < changes) {
                long batch = Math.min(ROWS_PER_TRANSACTION, changes - done);
                long firstId = from % rows + 1;
                if (firstId + batch - 1 > rows) {
                    firstId = 1;
                }
                statement.executeUpdate("UPDATE items SET k = k + 1 WHERE id BETWEEN " + firstId + " AND " + (firstId + batch - 1));
                done += batch;
                from = firstId - 1 + batch;
            }
            return System.nanoTime();
        }
    }
}
