package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.testing.TestingPostgresServer;
import io.tributary.core.testing.RowCollectingSinkFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole source on the framework's embedded Flink: snapshot under concurrent writes, stream, crash and resume. */
class PostgresPipelineITCase {
    private static final String TABLE = "CREATE TABLE orders (id int PRIMARY KEY, amount int NOT NULL, note text, at timestamptz)";
    private static TestingPostgresServer server;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startServer() {
        server = TestingPostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void targetEqualsSourceAfterSnapshotWithConcurrentWritesAndAfterACrashWhileStreaming() throws Exception {
        TestDatabase db = TestDatabase.create(server, "streaming");
        db.execute(TABLE, "INSERT INTO orders SELECT i, i, md5(i::text), now() FROM generate_series(1, 30000) i", "ANALYZE orders");
        AtomicReference<Throwable> failure = new AtomicReference<>();

        PipelineRunner first = runner(db, "1000");
        Thread job = start(first, failure);
        writeRandomly(db, 1, 400);
        awaitTargetEqualsSource(db, failure);
        assertThat(RowCollectingSinkFactory.TARGETS.get(db.name()).maxReadsOfOneKey()).as("no row is read twice by the snapshot").isEqualTo(1);
        writeRandomly(db, 2, 200);
        awaitTargetEqualsSource(db, failure);

        writeRandomly(db, 3, 200);
        first.abort();
        job.join(Duration.ofMinutes(1).toMillis());
        writeRandomly(db, 4, 200);

        PipelineRunner second = runner(db, "1000");
        Thread resumed = start(second, failure);
        writeRandomly(db, 5, 200);
        awaitTargetEqualsSource(db, failure);
        second.stop();
        resumed.join(Duration.ofMinutes(1).toMillis());
    }

    @Test
    void targetEqualsSourceAfterACrashInTheMiddleOfTheSnapshot() throws Exception {
        TestDatabase db = TestDatabase.create(server, "snapshot_crash");
        db.execute(TABLE, "INSERT INTO orders SELECT i, i, md5(i::text), now() FROM generate_series(1, 200000) i", "ANALYZE orders");
        AtomicReference<Throwable> failure = new AtomicReference<>();

        PipelineRunner first = runner(db, "500");
        Thread job = start(first, failure);
        writeRandomly(db, 1, 100);
        awaitFirstCheckpoint(db, failure);
        first.abort();
        job.join(Duration.ofMinutes(1).toMillis());
        writeRandomly(db, 2, 200);

        PipelineRunner second = runner(db, "500");
        Thread resumed = start(second, failure);
        writeRandomly(db, 3, 200);
        awaitTargetEqualsSource(db, failure);
        writeRandomly(db, 4, 200);
        awaitTargetEqualsSource(db, failure);
        second.stop();
        resumed.join(Duration.ofMinutes(1).toMillis());
    }

    @Test
    void aTableWithoutPrimaryKeyChunkedByAUniqueColumnResumesMidSnapshotAndStaysExact() throws Exception {
        TestDatabase db = TestDatabase.create(server, "keyless");
        db.execute("CREATE TABLE orders (id int NOT NULL, amount int NOT NULL, note text, at timestamptz)", "CREATE UNIQUE INDEX orders_id ON orders (id)",
                "ALTER TABLE orders REPLICA IDENTITY FULL", "INSERT INTO orders SELECT i, i, md5(i::text), now() FROM generate_series(1, 30000) i",
                "ANALYZE orders");
        Map<String, String> chunkById = Map.of("scan.incremental.snapshot.chunk.key-column", "id");
        CapturedTable table = new PostgresDialect(TestDatabase.options(withSettings(db.settings("public.orders"), chunkById))).discoverTables().get(0);
        assertThat(table.schema().hasPrimaryKey()).isFalse();
        assertThat(table.chunkKey()).isEqualTo(ChunkKey.of(List.of("id")));
        AtomicReference<Throwable> failure = new AtomicReference<>();

        PipelineRunner first = runner(db, "300", chunkById);
        Thread job = start(first, failure);
        writeRandomly(db, 1, 100);
        awaitCommittedRows(db, failure);
        first.abort();
        job.join(Duration.ofMinutes(1).toMillis());
        int committedBeforeCrash = RowCollectingSinkFactory.TARGETS.get(db.name()).rows().size();
        writeRandomly(db, 2, 200);

        PipelineRunner second = runner(db, "300", chunkById);
        Thread resumed = start(second, failure);
        writeRandomly(db, 3, 200);
        awaitTargetEqualsSource(db, failure);
        assertThat(committedBeforeCrash).as("the crash came in the middle of the snapshot").isBetween(1, 29_999);
        assertThat(RowCollectingSinkFactory.TARGETS.get(db.name()).maxReadsOfOneKey())
                .as("chunks finished before the crash are not read again (one whole-table chunk would be)").isEqualTo(1);
        writeRandomly(db, 4, 200);
        awaitTargetEqualsSource(db, failure);
        second.stop();
        resumed.join(Duration.ofMinutes(1).toMillis());
    }

    @Test
    void aChunkKeyColumnThatCannotIdentifyRowsIsRefusedSayingWhatToDo() {
        TestDatabase db = TestDatabase.create(server, "keyless_refused");
        db.execute("CREATE TABLE orders (id int NOT NULL, code text)", "ALTER TABLE orders REPLICA IDENTITY FULL");
        assertThatThrownBy(() -> dialectChunkedBy(db, "id").discoverTables()).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_TABLE_UNSUPPORTED)).hasMessageContaining("CREATE UNIQUE INDEX");
        db.execute("CREATE UNIQUE INDEX orders_code ON orders (code)");
        assertThatThrownBy(() -> dialectChunkedBy(db, db.name() + "\\.public\\.orders:code").discoverTables())
                .hasMessageContaining("Table " + db.name() + ".public.orders cannot be chunked by column 'code'").hasMessageContaining("may hold NULL");
    }

    private static PostgresDialect dialectChunkedBy(TestDatabase db, String option) {
        return new PostgresDialect(TestDatabase.options(withSettings(db.settings("public.orders"), Map.of("scan.incremental.snapshot.chunk.key-column", option))));
    }

    private static Map<String, String> withSettings(Map<String, String> settings, Map<String, String> extra) {
        settings.putAll(extra);
        return settings;
    }

    private static void awaitCommittedRows(TestDatabase db, AtomicReference<Throwable> failure) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && failure.get() == null) {
            RowCollectingSinkFactory.Target target = RowCollectingSinkFactory.TARGETS.get(db.name());
            if (target != null && !target.rows().isEmpty()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no rows were committed", failure.get());
    }

    private void awaitFirstCheckpoint(TestDatabase db, AtomicReference<Throwable> failure) throws Exception {
        Path checkpoints = stateDir.resolve(db.name()).resolve("checkpoints");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && failure.get() == null) {
            if (Files.exists(checkpoints)) {
                try (Stream<Path> files = Files.walk(checkpoints)) {
                    if (files.anyMatch(p -> p.getFileName().toString().equals("_metadata"))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint completed", failure.get());
    }

    private PipelineRunner runner(TestDatabase db, String chunkSize) {
        return runner(db, chunkSize, Map.of());
    }

    private PipelineRunner runner(TestDatabase db, String chunkSize, Map<String, String> extraSettings) {
        Map<String, String> source = withSettings(db.settings("public.orders"), extraSettings);
        source.put("scan.incremental.snapshot.chunk.size", chunkSize);
        PipelineDefinition definition = new PipelineDefinition(db.name(), new ConnectorDefinition("postgres", source),
                new ConnectorDefinition("collect-rows", Map.of("name", db.name())), List.<RouteDefinition>of(),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "500ms"));
        return new PipelineRunner(definition, new RunOptions(stateDir.resolve(db.name()), OptionalInt.empty()));
    }

    private static Thread start(PipelineRunner runner, AtomicReference<Throwable> failure) {
        Thread thread = new Thread(() -> {
            try {
                runner.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "pipeline");
        thread.start();
        return thread;
    }

    private static void writeRandomly(TestDatabase db, long seed, int statements) throws Exception {
        Random random = new Random(seed);
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < statements; i++) {
                int id = 1 + random.nextInt(rows(db) + 2000);
                switch (random.nextInt(4)) {
                    case 0 -> statement.execute("DELETE FROM orders WHERE id = " + id);
                    case 1 -> statement.execute("INSERT INTO orders VALUES (" + id + ", 0, 'new', now()) ON CONFLICT (id) DO UPDATE SET amount = -1");
                    default -> statement.execute("UPDATE orders SET amount = amount + 1, note = 'seed " + seed + "' WHERE id BETWEEN " + id + " AND "
                            + (id + random.nextInt(50)));
                }
            }
        }
    }

    private static int rows(TestDatabase db) {
        return db.name().startsWith("snapshot_crash") ? 200_000 : 30_000;
    }

    private static void awaitTargetEqualsSource(TestDatabase db, AtomicReference<Throwable> failure) throws Exception {
        TreeMap<Integer, List<Object>> expected = sourceRows(db);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        TreeMap<Integer, List<Object>> actual = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            if (failure.get() != null) {
                throw new AssertionError("pipeline failed", failure.get());
            }
            RowCollectingSinkFactory.Target target = RowCollectingSinkFactory.TARGETS.get(db.name());
            actual = target == null ? new TreeMap<>() : target.rows();
            if (actual.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        List<String> differences = new ArrayList<>();
        for (Integer key : new java.util.TreeSet<>(union(expected.keySet(), actual.keySet()))) {
            if (!java.util.Objects.equals(expected.get(key), actual.get(key)) && differences.size() < 20) {
                differences.add(key + ": source " + expected.get(key) + ", target " + actual.get(key));
            }
        }
        throw new AssertionError("target differs from source (" + expected.size() + " source rows, " + actual.size() + " target rows): "
                + String.join("; ", differences));
    }

    private static java.util.Set<Integer> union(java.util.Set<Integer> a, java.util.Set<Integer> b) {
        java.util.Set<Integer> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static TreeMap<Integer, List<Object>> sourceRows(TestDatabase db) throws Exception {
        PostgresDialect dialect = db.dialect("public.orders");
        var table = dialect.discoverTables().get(0);
        TreeMap<Integer, List<Object>> rows = new TreeMap<>();
        try (var epoch = dialect.openSnapshotEpoch(); var reader = dialect.openChunkReader();
                var cursor = reader.open(SnapshotSplit.fresh(table, 0, ChunkRange.all()), epoch.view())) {
            while (cursor.next()) {
                Object[] row = cursor.row();
                rows.put((Integer) row[0], new ArrayList<>(Arrays.asList(row)));
            }
        }
        return rows;
    }
}
