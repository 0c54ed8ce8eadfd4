package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL → MariaDB: a routed table is created in MariaDB, snapshot rows and streamed changes
 * arrive, a column added mid-stream reaches the target, a dropped column is kept (lenient) and
 * an update that leaves a large TOAST value untouched keeps it in the target.
 */
class PostgresToMariaDbITCase {
    private static final int ROWS = 5_000;
    private static final String BIG = "x".repeat(20_000);

    private static TestingPostgresServer source;
    private static TestingMariaDbServer target;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        source = TestingPostgresServer.start();
        target = TestingMariaDbServer.start();
        source.createDatabase("shop");
        target.createDatabase("warehouse");
        source.execute("shop",
                "CREATE TABLE items (id bigint PRIMARY KEY, name varchar(40) NOT NULL, price numeric(10,2), doc text, legacy integer)",
                "ALTER TABLE items ALTER COLUMN doc SET STORAGE EXTERNAL",
                "INSERT INTO items SELECT g, 'item ' || g, g / 4.0, CASE WHEN g % 100 = 0 THEN repeat('x', 20000) ELSE 'short' END, g"
                        + " FROM generate_series(1, " + ROWS + ") g");
    }

    @AfterAll
    static void stopServers() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void snapshotStreamAndSchemaChangesReachMariaDb() throws Exception {
        PipelineDefinition definition = new PipelineDefinition("pg-to-mariadb",
                new ConnectorDefinition("postgres", Map.of("hostname", "127.0.0.1", "port", Integer.toString(source.port()), "username", "postgres",
                        "password", "unused", "tables", "shop.public.items", "slot.name", "to_mariadb", "scan.incremental.snapshot.chunk.size", "1000")),
                new ConnectorDefinition("jdbc", Map.of("url", target.jdbcUrl("warehouse"), "username", TestingMariaDbServer.ADMIN,
                        "password", TestingMariaDbServer.ADMIN_PASSWORD)),
                List.of(new RouteDefinition("shop.public.items", "warehouse.items_copy", Optional.empty(), Optional.empty())),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "1s"));
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(work.resolve("state"), OptionalInt.of(port)));
        try (BackgroundPipeline pipeline = BackgroundPipeline.start(runner, "pg-to-mariadb")) {
            awaitTarget(pipeline, rows -> rows.size() == ROWS, "the snapshot");

            source.execute("shop",
                    "UPDATE items SET price = price + 1 WHERE id = 100",
                    "DELETE FROM items WHERE id = 7",
                    "INSERT INTO items VALUES (" + (ROWS + 1) + ", 'new', 9.99, 'short', 1)",
                    "ALTER TABLE items ADD COLUMN note varchar(20)",
                    "INSERT INTO items VALUES (" + (ROWS + 2) + ", 'noted', 1.50, 'short', 2, 'hello')",
                    "UPDATE items SET note = 'later' WHERE id = 1",
                    "ALTER TABLE items DROP COLUMN legacy",
                    "INSERT INTO items VALUES (" + (ROWS + 3) + ", 'after drop', 2.50, 'short', 'bye')");
            awaitTarget(pipeline, rows -> rows.containsKey((long) ROWS + 3), "the streamed changes");

            TreeMap<Long, Map<String, Object>> rows = targetRows();
            assertThat(rows).hasSize(ROWS + 2).doesNotContainKey(7L);
            assertThat((BigDecimal) rows.get(100L).get("price")).isEqualByComparingTo("26.00");
            assertThat(rows.get(100L).get("doc")).as("a TOAST value the update left alone").isEqualTo(BIG);
            assertThat(rows.get((long) ROWS + 2).get("note")).isEqualTo("hello");
            assertThat(rows.get(1L).get("note")).isEqualTo("later");
            assertThat(rows.get(2L).get("legacy")).as("a dropped column is kept with its values").isEqualTo(2);
            assertThat(rows.get((long) ROWS + 3).get("legacy")).as("rows after the drop leave it empty").isNull();
            assertThat(rows.get((long) ROWS + 3).get("note")).isEqualTo("bye");

            String metrics = awaitMetrics(port, "tributary_postgres_slot_retained_wal_bytes");
            for (String name : deployedMetricNames()) {
                assertThat(metrics).as("metric queried by deploy/: " + name).containsPattern("(?m)^" + name + "[{ ]");
            }
            assertThat(metrics).containsPattern("(?m)^tributary_source_events_total\\{[^}]*operation=\"read\"[^}]*pipeline=\"pg-to-mariadb\"[^}]*\\} [1-9]");
        }
    }

    /** Scrapes /metrics until it lists {@code name} (gauges of the stream appear once it runs). */
    private static String awaitMetrics(int port, String name) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains(name)) {
                return body;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("/metrics never listed " + name);
    }

    /** Metric names in the PromQL of the shipped dashboard and alerting rules. */
    private static java.util.Set<String> deployedMetricNames() throws Exception {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("\\b((?:tributary|flink|jvm)_[A-Za-z0-9_]+)");
        java.util.Set<String> names = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.walk(Path.of("..", "deploy"))) {
            for (Path file : (Iterable<Path>) files.filter(java.nio.file.Files::isRegularFile)::iterator) {
                for (String line : java.nio.file.Files.readAllLines(file)) {
                    if (line.contains("expr")) {
                        var matcher = name.matcher(line);
                        while (matcher.find()) {
                            names.add(matcher.group(1));
                        }
                    }
                }
            }
        }
        assertThat(names).hasSizeGreaterThan(10);
        return names;
    }

    private static void awaitTarget(BackgroundPipeline pipeline, Predicate<TreeMap<Long, Map<String, Object>>> condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (pipeline.failure().isPresent()) {
                throw new AssertionError("the pipeline failed", pipeline.failure().get());
            }
            try {
                if (condition.test(targetRows())) {
                    return;
                }
            } catch (SQLException e) {
                // the table may not exist yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + " did not reach MariaDB within 2 minutes");
    }

    private static TreeMap<Long, Map<String, Object>> targetRows() throws SQLException {
        TreeMap<Long, Map<String, Object>> rows = new TreeMap<>();
        try (Connection connection = target.connect("warehouse"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM items_copy")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.put(rs.getLong("id"), row);
            }
        }
        return rows;
    }
}
