package io.tributary.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP port of a running pipeline serves health, status and Prometheus metrics that move. */
class MetricsEndpointTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample of the Prometheus text format. */
    record Sample(String name, Map<String, String> labels, double value) {}

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void metricsHealthAndStatusDescribeTheRunningPipeline() throws Exception {
        InMemoryDatabase database = InMemoryDatabase.create("metrics");
        for (long id = 0; id < 2_000; id++) {
            database.upsert(id, id);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PipelineDefinition definition = new PipelineDefinition("metrics-pipeline",
                new ConnectorDefinition("in-memory", Map.of("database", "metrics", "chunk.size", "300")),
                new ConnectorDefinition("collect", Map.of("name", "metrics")), List.of(),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "300ms"));
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(stateDir, OptionalInt.of(port)));
        try (BackgroundPipeline pipeline = BackgroundPipeline.start(runner, "metrics-pipeline")) {
            String base = "http://127.0.0.1:" + port;
            awaitMetric(base, "tributary_stream_running", s -> s.value() == 1.0);
            // The stream may run beside the snapshot: the table is live once its last chunk is read.
            awaitMetric(base, "tributary_table_streaming", s -> s.value() == 1.0);
            for (long id = 5_000; id < 5_050; id++) {
                database.upsert(id, id);
            }
            awaitMetric(base, "tributary_source_events_total", s -> "insert".equals(s.labels().get("operation")) && s.value() >= 50);

            List<Sample> samples = scrape(base);
            assertThat(sum(samples, "tributary_source_events_total", "read")).isEqualTo(2_000);
            assertThat(value(samples, "tributary_snapshot_rows")).isEqualTo(2_000);
            assertThat(value(samples, "tributary_snapshot_chunks_finished")).isGreaterThanOrEqualTo(7);
            assertThat(value(samples, "tributary_snapshot_chunks_pending")).isZero();
            assertThat(samples).as("the captured table is streaming live").anyMatch(s -> s.name().equals("tributary_table_streaming")
                    && s.labels().get("table") != null && s.value() == 1.0);
            assertThat(samples).anyMatch(s -> s.name().equals("tributary_source_lag_seconds") && s.value() >= 0);
            assertThat(samples).anyMatch(s -> s.name().equals("flink_jobmanager_job_numberOfCompletedCheckpoints") && s.value() >= 1
                    && "metrics-pipeline".equals(s.labels().get("pipeline")));
            assertThat(samples).anyMatch(s -> s.name().startsWith("jvm_memory_used_bytes"));
            assertThat(samples.stream().map(Sample::name).collect(java.util.stream.Collectors.toSet()))
                    .as("every metric the shipped dashboard and alerting rules query (but those of real databases)")
                    .containsAll(metricsQueriedBy(Path.of("..", "deploy")).stream().filter(n -> !n.startsWith("tributary_postgres_")).toList());

            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(base + "/status").body()).contains("\"pipeline\":\"metrics-pipeline\"").contains("\"phase\":\"streaming\"")
                    .contains("\"tablesStreaming\":1").contains("\"streaming\":true");
        }
    }

    /** Metric names used in the PromQL of the Grafana dashboard and the Prometheus rules. */
    static java.util.Set<String> metricsQueriedBy(Path deploy) throws java.io.IOException {
        Pattern name = Pattern.compile("\\b((?:tributary|flink|jvm)_[A-Za-z0-9_]+)");
        java.util.Set<String> names = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.walk(deploy)) {
            for (Path file : (Iterable<Path>) files.filter(java.nio.file.Files::isRegularFile)::iterator) {
                for (String line : java.nio.file.Files.readAllLines(file)) {
                    if (!line.contains("expr")) {
                        continue;
                    }
                    Matcher matcher = name.matcher(line);
                    while (matcher.find()) {
                        names.add(matcher.group(1));
                    }
                }
            }
        }
        assertThat(names).as("metrics found in " + deploy).hasSizeGreaterThan(10);
        return names;
    }

    private void awaitMetric(String base, String name, Predicate<Sample> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (scrape(base).stream().anyMatch(s -> s.name().equals(name) && condition.test(s))) {
                    return;
                }
            } catch (java.io.IOException e) {
                // the endpoint starts with the job
            }
            Thread.sleep(200);
        }
        throw new AssertionError("metric " + name + " never matched");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Parses the Prometheus text exposition format (comments, samples with labels). */
    private List<Sample> scrape(String base) throws Exception {
        HttpResponse<String> response = get(base + "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        List<Sample> samples = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line.trim());
            assertThat(matcher.matches()).as("a valid sample line: " + line).isTrue();
            Map<String, String> labels = new java.util.HashMap<>();
            if (matcher.group(3) != null) {
                Matcher label = LABEL.matcher(matcher.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(4))));
        }
        return samples;
    }

    private static double sum(List<Sample> samples, String name, String operation) {
        return samples.stream().filter(s -> s.name().equals(name) && operation.equals(s.labels().get("operation"))).mapToDouble(Sample::value).sum();
    }

    private static double value(List<Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).max().orElseThrow(() -> new AssertionError("no " + name));
    }
}
