package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.testing.RowCollectingSinkFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * MySQL 8.0 and 8.4 in Docker (skipped, and reported as skipped, where no Docker engine runs):
 * snapshot and binlog with GTIDs on, a concurrent writer, a DDL while streaming, a crash while
 * streaming; every key's version must go up by exactly one per change and the copy must equal
 * the table.
 */
@Testcontainers(disabledWithoutDocker = true)
class MySql8ITCase {
    private static final int ROWS = 5_000;

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql:8.0", "mysql:8.4"})
    void snapshotThenBinlogExactlyOnceAcrossACrash(String image) throws Exception {
        try (MySQLContainer<?> mysql = new MySQLContainer<>(DockerImageName.parse(image))
                .withDatabaseName("shop").withUsername("cdc").withPassword("cdc-secret")
                .withCommand("--log-bin=binlog", "--binlog-format=ROW", "--binlog-row-image=FULL", "--server-id=1", "--gtid-mode=ON",
                        "--enforce-gtid-consistency=ON")) {
            mysql.start();
            execute(mysql, "GRANT SELECT, RELOAD, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'cdc'@'%'",
                    "CREATE TABLE shop.accounts (id INT PRIMARY KEY, version INT NOT NULL, note VARCHAR(40), doc JSON, changed DATETIME(3))",
                    "SET SESSION cte_max_recursion_depth = 100000; INSERT INTO shop.accounts WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL "
                            + "SELECT n + 1 FROM seq WHERE n < " + ROWS + ") SELECT n, 1, CONCAT('n', n), JSON_OBJECT('n', n), NOW(3) FROM seq");
            String name = "mysql8-" + image.replace(':', '-').replace('.', '-');
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> write(mysql, writing, writerFailure), "writer");
            writer.start();
            try {
                PipelineRunner first = runner(mysql, name);
                Thread job = background(first);
                awaitRows(name, ROWS / 2);
                execute(mysql, "ALTER TABLE shop.accounts ADD COLUMN channel VARCHAR(10) AFTER note");
                Thread.sleep(2_000); // the writer keeps writing while the stream runs
                first.abort();
                job.join(Duration.ofMinutes(1).toMillis());
                PipelineRunner second = runner(mysql, name);
                Thread job2 = background(second);
                Thread.sleep(2_000); // and across the restart
                writing.set(false);
                writer.join();
                assertThat(writerFailure.get()).isNull();
                awaitCopy(mysql, name);
                second.abort();
                job2.join(Duration.ofMinutes(1).toMillis());
            } finally {
                writing.set(false);
                writer.join();
            }
            RowCollectingSinkFactory.TARGETS.get(name).secondColumnHistory().forEach((key, versions) -> {
                Integer previous = null;
                for (Object version : versions) {
                    if (version.equals(RowCollectingSinkFactory.DELETED)) {
                        previous = null;
                        continue;
                    }
                    assertThat(previous == null || (Integer) version == previous + 1).as("key %s versions %s", key, versions).isTrue();
                    previous = (Integer) version;
                }
            });
        }
    }

    private PipelineRunner runner(MySQLContainer<?> mysql, String name) {
        Map<String, String> source = new java.util.HashMap<>(Map.of("hostname", mysql.getHost(), "port", String.valueOf(mysql.getMappedPort(3306)),
                "username", "cdc", "password", "cdc-secret", "tables", "shop.accounts", "server-id", "6200",
                "scan.incremental.snapshot.chunk.size", "500"));
        PipelineDefinition definition = new PipelineDefinition(name, new ConnectorDefinition("mysql", source),
                new ConnectorDefinition("collect-rows", Map.of("name", name)), List.<RouteDefinition>of(),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "300ms"));
        return new PipelineRunner(definition, new RunOptions(stateDir, OptionalInt.empty()));
    }

    private static Thread background(PipelineRunner runner) {
        Thread thread = new Thread(runner::run, "pipeline");
        thread.setUncaughtExceptionHandler((t, e) -> { });
        thread.start();
        return thread;
    }

    private static void awaitRows(String name, int rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            RowCollectingSinkFactory.Target target = RowCollectingSinkFactory.TARGETS.get(name);
            if (target != null && target.rows().size() >= rows) {
                return;
            }
            Thread.sleep(100); // polling the collected copy
        }
        throw new AssertionError("fewer than " + rows + " rows arrived");
    }

    private static void awaitCopy(MySQLContainer<?> mysql, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<Integer, Integer> source = Map.of();
        while (System.nanoTime() < deadline) {
            source = versions(mysql);
            RowCollectingSinkFactory.Target target = RowCollectingSinkFactory.TARGETS.get(name);
            Map<Integer, Integer> copy = new java.util.HashMap<>();
            if (target != null) {
                target.rows().forEach((key, row) -> copy.put(key, (Integer) row.get(1)));
            }
            if (copy.equals(source)) {
                return;
            }
            Thread.sleep(200); // polling the collected copy
        }
        throw new AssertionError("the copy never equalled the table (" + source.size() + " rows)");
    }

    private static Map<Integer, Integer> versions(MySQLContainer<?> mysql) throws Exception {
        Map<Integer, Integer> versions = new java.util.HashMap<>();
        try (Connection connection = DriverManager.getConnection(mysql.getJdbcUrl(), "root", "cdc-secret");
                Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT id, version FROM shop.accounts")) {
            while (rs.next()) {
                versions.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return versions;
    }

    private static void execute(MySQLContainer<?> mysql, String... sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(mysql.getJdbcUrl() + "?allowMultiQueries=true",
                "root", "cdc-secret"); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private static void write(MySQLContainer<?> mysql, AtomicBoolean writing, AtomicReference<Throwable> failure) {
        Random random = new Random(3);
        int nextId = ROWS + 1;
        try (Connection connection = DriverManager.getConnection(mysql.getJdbcUrl(), "root", "cdc-secret");
                Statement statement = connection.createStatement()) {
            while (writing.get()) {
                int id = 1 + random.nextInt(nextId);
                switch (random.nextInt(10)) {
                    case 0 -> statement.execute("INSERT INTO shop.accounts (id, version, note) VALUES (" + nextId++ + ", 1, 'new')");
                    case 1 -> statement.execute("DELETE FROM shop.accounts WHERE id = " + id);
                    default -> statement.execute("UPDATE shop.accounts SET version = version + 1, changed = NOW(3), "
                            + "doc = JSON_SET(COALESCE(doc, JSON_OBJECT()), '$.v', version) WHERE id = " + id);
                }
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }
}
