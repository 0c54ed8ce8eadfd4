package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.testing.TestingPostgresServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator checks on a running pipeline: {@code /health/ready} turns 200 once the job runs
 * and checkpoints, 503 while the source database is unreachable and 200 again once it is back;
 * {@code /status} shows the phase, per-table snapshot progress, the source position, lags and
 * the last checkpoint; {@code /metrics} parses as Prometheus text and every metric the README
 * documents is there, the counters and lags moving as changes flow.
 */
class HealthAndStatusITCase {
    private static final int ITEMS = 12_000;
    private static final int NOTES = 300;
    private static final String PIPELINE = "health-check";

    private static TestingPostgresServer source;
    private static TestingPostgresServer target;
    private static TestingTcpProxy sourceProxy;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        source = TestingPostgresServer.start();
        target = TestingPostgresServer.start();
        source.createDatabase("shop");
        target.createDatabase("copy");
        source.execute("shop",
                "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2))",
                "CREATE TABLE notes (id integer PRIMARY KEY, body text)",
                "INSERT INTO items SELECT g, 'item ' || g, g / 4.0 FROM generate_series(1, " + ITEMS + ") g",
                "INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, " + NOTES + ") g",
                "ANALYZE");
        sourceProxy = TestingTcpProxy.start(source.port());
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (sourceProxy != null) {
            sourceProxy.close();
        }
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void readinessStatusAndMetricsFollowThePipeline() throws Exception {
        int port = freePort();
        PipelineDefinition definition = new PipelineDefinition(PIPELINE,
                new ConnectorDefinition("postgres", Map.of("hostname", "127.0.0.1", "port", Integer.toString(sourceProxy.port()), "username", "postgres",
                        "password", "unused", "tables", "shop.public.\\.*", "slot.name", "health_check", "scan.incremental.snapshot.chunk.size", "1000")),
                new ConnectorDefinition("jdbc", Map.of("url", target.jdbcUrl("copy"), "username", "postgres", "password", "unused")),
                List.of(),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "1s",
                        // an operator who wants a pipeline to ride out a database outage allows enough restarts
                        "restart-strategy.type", "fixed-delay", "restart-strategy.fixed-delay.attempts", "1000",
                        "restart-strategy.fixed-delay.delay", "1s"));
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(work.resolve("state"), OptionalInt.of(port)));
        try (BackgroundPipeline pipeline = BackgroundPipeline.start(runner, PIPELINE)) {
            awaitCode(port, "/health/live", pipeline, 200, Duration.ofSeconds(60));
            awaitReady(port, pipeline, 200, Duration.ofSeconds(120));
            String streaming = awaitStatus(port, pipeline, status -> status.contains("\"phase\":\"streaming\""), "phase streaming");
            assertThat(streaming)
                    .contains("\"pipeline\":\"" + PIPELINE + "\"", "\"ready\":true", "\"jobState\":\"running\"")
                    .containsPattern("\\{\"table\":\"shop\\.public\\.items\",\"chunks\":12,\"chunksFinished\":12,\"rows\":" + ITEMS + ",\"estimatedRows\":" + ITEMS + ",\"streaming\":true}")
                    .containsPattern("\\{\"table\":\"shop\\.public\\.notes\",\"chunks\":1,\"chunksFinished\":1,\"rows\":" + NOTES + ",")
                    .contains("\"remainingSeconds\":0", "\"tablesStreaming\":2");
            PrometheusText before = PrometheusText.parse(get(port, "/metrics").body());

            source.execute("shop",
                    "UPDATE items SET price = price + 1 WHERE id <= 100",
                    "DELETE FROM notes WHERE id <= 10",
                    "INSERT INTO items VALUES (" + (ITEMS + 1) + ", 'new', 1.00)");
            awaitTarget(pipeline, copy -> copy.contains(ITEMS + 1 + " | new | 1.00"));
            String status = awaitStatus(port, pipeline, s -> s.matches("(?s).*\"position\":\"[^\"]+\".*\"lagSeconds\":[0-9.]+.*"), "a source position");
            assertThat(status)
                    .containsPattern("\"sink\":\\{\"lagSeconds\":[0-9.]+}")
                    .containsPattern("\"last\":\\{\"id\":[1-9]\\d*,\"completedAt\":\"20\\d\\d-[^\"]+Z\",\"durationMillis\":\\d+,\"sizeBytes\":[1-9]\\d*}");
            String scrape = awaitMetric(port, "tributary_postgres_slot_retained_wal_bytes");
            // Kept in the test's output: the values a real run shows, for the README's metric list.
            System.out.println("/status: " + status);
            scrape.lines().filter(line -> line.matches("(tributary_|flink_jobmanager_job_|flink_taskmanager_job_task_(operator_numRecordsInPerSecond"
                    + "|backPressuredTimeMsPerSecond|busyTimeMsPerSecond)|jvm_memory_used_bytes|jvm_gc_pause_seconds_(count|sum)).*")).forEach(System.out::println);
            PrometheusText after = PrometheusText.parse(scrape);
            assertDocumentedMetricsPresentAndMoving(before, after);

            assertThat(status).contains("\"sourceType\":\"postgres\"", "\"sinkType\":\"jdbc\"", "\"lastError\":null");
            sourceProxy.cut();
            awaitReady(port, pipeline, 503, Duration.ofSeconds(60));
            assertThat(get(port, "/status").body()).contains("\"ready\":false");
            // The failure the job restarts after is on the status page, with its code and what to do.
            String failed = awaitStatus(port, pipeline, s -> s.contains("\"lastError\":{"), "the last error");
            assertThat(failed).containsPattern("\"lastError\":\\{\"code\":\"[A-Z_]+\",\"message\":\"[^\"]+\",\"at\":\"20\\d\\d-");
            System.out.println("/status during the outage: " + failed);
            sourceProxy.restore();
            awaitReady(port, pipeline, 200, Duration.ofSeconds(120));
            source.execute("shop", "INSERT INTO notes VALUES (1000, 'after the outage')");
            awaitTarget(pipeline, copy -> copy.contains("1000 | after the outage"));
        }
    }

    private static void assertDocumentedMetricsPresentAndMoving(PrometheusText before, PrometheusText after) throws Exception {
        Map<String, String> pipeline = Map.of("pipeline", PIPELINE);
        for (String name : documentedMetricNames()) {
            assertThat(after.find(name, pipeline)).as("documented metric %s in /metrics", name).isNotEmpty();
        }
        assertThat(after.sum("tributary_source_events_total", Map.of("pipeline", PIPELINE, "operation", "read"))).isEqualTo(ITEMS + NOTES);
        for (String moving : List.of("tributary_source_events_total", "tributary_sink_events_total")) {
            for (String operation : List.of("insert", "update", "delete")) {
                Map<String, String> labels = Map.of("pipeline", PIPELINE, "operation", operation);
                assertThat(after.sum(moving, labels)).as("%s{operation=%s} moved", moving, operation).isGreaterThan(before.sum(moving, labels));
            }
        }
        assertThat(after.sum("tributary_sink_events_total", Map.of("pipeline", PIPELINE, "operation", "read"))).isEqualTo(ITEMS + NOTES);
        assertThat(after.sum("tributary_sink_errors_total", pipeline)).isZero();
        for (String lag : List.of("tributary_source_lag_seconds", "tributary_sink_lag_seconds")) {
            assertThat(after.max(lag, pipeline).orElseThrow()).as(lag + " once a change flowed").isPositive();
        }
        assertThat(after.max("tributary_snapshot_table_rows", Map.of("pipeline", PIPELINE, "table", "shop.public.items")).orElseThrow()).isEqualTo(ITEMS);
        assertThat(after.max("tributary_snapshot_rows", pipeline).orElseThrow()).isEqualTo(ITEMS + NOTES);
        assertThat(after.max("flink_jobmanager_job_numberOfCompletedCheckpoints", pipeline).orElseThrow())
                .isGreaterThan(before.max("flink_jobmanager_job_numberOfCompletedCheckpoints", pipeline).orElseThrow());
        assertThat(after.max("jvm_memory_used_bytes", Map.of()).orElseThrow()).isPositive();
    }

    /**
     * The {@code tributary_} metric names of the README's metric table that a PostgreSQL pipeline
     * has (the MySQL reader's own metrics are checked by source-mysql's StreamStartITCase).
     */
    private static Set<String> documentedMetricNames() throws Exception {
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("`(tributary_[a-z_]+)").matcher("");
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            line = line.strip();
            if (line.startsWith("| `tributary_")) {
                name.reset(line.substring(0, line.indexOf('|', 2)));
                while (name.find()) {
                    if (!name.group(1).startsWith("tributary_mysql_")) {
                        names.add(name.group(1));
                    }
                }
            }
        }
        assertThat(names).as("metrics documented in README.md").hasSizeGreaterThan(10);
        return names;
    }

    private void awaitReady(int port, BackgroundPipeline pipeline, int code, Duration timeout) throws Exception {
        awaitCode(port, "/health/ready", pipeline, code, timeout);
    }

    private void awaitCode(int port, String path, BackgroundPipeline pipeline, int code, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        int last = 0;
        while (Instant.now().isBefore(deadline)) {
            assertRunning(pipeline);
            try {
                last = get(port, path).statusCode();
            } catch (java.net.ConnectException notServingYet) {
                last = 0; // the endpoints start once source and sink are validated
            }
            if (last == code) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " stayed " + last + ", never " + code + " within " + timeout + "; /status: " + get(port, "/status").body());
    }

    private String awaitStatus(int port, BackgroundPipeline pipeline, Predicate<String> condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String status = "";
        while (Instant.now().isBefore(deadline)) {
            assertRunning(pipeline);
            status = get(port, "/status").body();
            if (condition.test(status)) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/status never showed " + what + ": " + status);
    }

    private String awaitMetric(int port, String name) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            body = get(port, "/metrics").body();
            if (body.contains(name)) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/metrics never listed " + name);
    }

    private static void awaitTarget(BackgroundPipeline pipeline, Predicate<List<String>> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            assertRunning(pipeline);
            List<String> rows = List.of();
            try (Connection copy = target.connect("copy")) {
                rows = new java.util.ArrayList<>(TableContents.of(copy, "public.items", "id, name, price"));
                rows.addAll(TableContents.of(copy, "public.notes", "id, body"));
            } catch (SQLException notThereYet) {
                // the tables are created with the first rows
            }
            if (condition.test(rows)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the target never showed the expected change");
    }

    private static void assertRunning(BackgroundPipeline pipeline) {
        if (pipeline.failure().isPresent()) {
            throw new AssertionError("the pipeline failed", pipeline.failure().get());
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
