package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.testing.RowCollectingSinkFactory;
import io.tributary.core.testing.TestingMariaDbServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot-only pipeline from MariaDB through the framework on embedded Flink, with parallel readers. */
class SnapshotPipelineITCase {
    private static final int ROWS = 30_000;
    private static TestingMariaDbServer server;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startServer() {
        server = TestingMariaDbServer.start();
        server.createDatabase("shop");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void everyRowArrivesExactlyOnceWhileTheTableIsBeingWritten() throws Exception {
        server.execute("shop", "CREATE TABLE orders (id INT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(40))",
                "INSERT INTO orders SELECT seq, seq, MD5(seq) FROM seq_1_to_" + ROWS, "ANALYZE TABLE orders");
        Map<String, String> source = MariaDbTestSettings.snapshotOf(server, "shop.orders");
        source.put("scan.incremental.snapshot.chunk.size", "700");
        PipelineDefinition definition = new PipelineDefinition("mysql-snapshot", new ConnectorDefinition("mysql", source),
                new ConnectorDefinition("collect-rows", Map.of("name", "mysql-snapshot")), List.<RouteDefinition>of(),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "500ms"));
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(stateDir, OptionalInt.empty()));

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> updateAmounts(writing, writerFailure), "writer");
        writer.start();
        try {
            runner.run();
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(writerFailure.get()).isNull();

        RowCollectingSinkFactory.Target target = RowCollectingSinkFactory.TARGETS.get("mysql-snapshot");
        TreeMap<Integer, List<Object>> rows = target.rows();
        assertThat(rows).hasSize(ROWS);
        assertThat(rows.firstKey()).isEqualTo(1);
        assertThat(rows.lastKey()).isEqualTo(ROWS);
        assertThat(target.maxReadsOfOneKey()).as("no row is read twice").isEqualTo(1);
        assertThat(rows.get(17)).element(2).isEqualTo(md5Hex("17"));
    }

    @Test
    void aSnapshotCrashedAfterACheckpointResumesWithoutReadingFinishedChunksAgain() throws Exception {
        server.execute("shop", "CREATE TABLE big (id INT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(40))");
        crashInTheSnapshotAndResume("big", Map.of());
    }

    @Test
    void aTableWithoutPrimaryKeyChunkedByAUniqueColumnResumesWithoutReadingFinishedChunksAgain() throws Exception {
        server.execute("shop", "CREATE TABLE keyless (id INT NOT NULL, amount INT NOT NULL, note VARCHAR(40), UNIQUE KEY (id))");
        Map<String, String> chunkById = Map.of("scan.incremental.snapshot.chunk.key-column", "shop\\.keyless:id");
        Map<String, String> settings = MariaDbTestSettings.snapshotOf(server, "shop.keyless");
        settings.putAll(chunkById);
        CapturedTable table = new MySqlDialect(MariaDbTestSettings.options(settings)).discoverTables().get(0);
        assertThat(table.schema().hasPrimaryKey()).isFalse();
        assertThat(table.chunkKey()).isEqualTo(ChunkKey.of(List.of("id")));
        crashInTheSnapshotAndResume("keyless", chunkById);
    }

    @Test
    void aChunkKeyColumnThatCannotIdentifyRowsIsRefusedSayingWhatToDo() {
        server.execute("shop", "CREATE TABLE loose (id INT NOT NULL, code VARCHAR(10), UNIQUE KEY (code))");
        Map<String, String> settings = MariaDbTestSettings.snapshotOf(server, "shop.loose");
        settings.put("scan.incremental.snapshot.chunk.key-column", "id");
        assertThatThrownBy(() -> new MySqlDialect(MariaDbTestSettings.options(settings)).discoverTables())
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_TABLE_UNSUPPORTED))
                .hasMessageContaining("Table shop.loose cannot be chunked by column 'id'").hasMessageContaining("CREATE UNIQUE INDEX");
        settings.put("scan.incremental.snapshot.chunk.key-column", "code");
        assertThatThrownBy(() -> new MySqlDialect(MariaDbTestSettings.options(settings)).discoverTables()).hasMessageContaining("may hold NULL");
    }

    private void crashInTheSnapshotAndResume(String tableName, Map<String, String> extraSettings) throws Exception {
        int rows = 150_000;
        server.execute("shop", "INSERT INTO " + tableName + " SELECT seq, seq, MD5(seq) FROM seq_1_to_" + rows, "ANALYZE TABLE " + tableName);
        Map<String, String> source = MariaDbTestSettings.snapshotOf(server, "shop." + tableName);
        source.putAll(extraSettings);
        source.put("scan.incremental.snapshot.chunk.size", "500");
        String name = "mysql-crash-" + tableName;
        PipelineDefinition definition = new PipelineDefinition(name, new ConnectorDefinition("mysql", source),
                new ConnectorDefinition("collect-rows", Map.of("name", name)), List.<RouteDefinition>of(),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "300ms"));
        Path state = stateDir.resolve(tableName);

        PipelineRunner first = new PipelineRunner(definition, new RunOptions(state, OptionalInt.empty()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread job = new Thread(() -> {
            try {
                first.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "pipeline");
        job.start();
        awaitCommittedRows(name, failure);
        first.abort();
        job.join(Duration.ofMinutes(1).toMillis());
        int committedBeforeCrash = RowCollectingSinkFactory.TARGETS.get(name).rows().size();

        new PipelineRunner(definition, new RunOptions(state, OptionalInt.empty())).run();

        RowCollectingSinkFactory.Target target = RowCollectingSinkFactory.TARGETS.get(name);
        assertThat(committedBeforeCrash).as("the crash came in the middle of the snapshot").isBetween(1, rows - 1);
        assertThat(target.rows()).hasSize(rows);
        assertThat(target.maxReadsOfOneKey()).as("no committed row is read again after the restart").isEqualTo(1);
    }

    private static void awaitCommittedRows(String name, AtomicReference<Throwable> failure) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && failure.get() == null) {
            RowCollectingSinkFactory.Target target = RowCollectingSinkFactory.TARGETS.get(name);
            if (target != null && !target.rows().isEmpty()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no rows were committed", failure.get());
    }

    private static void updateAmounts(AtomicBoolean writing, AtomicReference<Throwable> failure) {
        Random random = new Random(7);
        try (Connection connection = server.connect("shop"); Statement statement = connection.createStatement()) {
            while (writing.get()) {
                int id = 1 + random.nextInt(ROWS);
                statement.execute("UPDATE orders SET amount = amount + 1 WHERE id BETWEEN " + id + " AND " + (id + 20));
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private static String md5Hex(String text) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest);
    }
}
