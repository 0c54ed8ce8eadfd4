package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary run FILE --target remote} against a real Flink 2.2 session cluster whose
 * JobManager and TaskManager run in their own JVMs from Flink's jars alone: the command prints
 * the job id and ends, and the job on the cluster (carrying Tributary's connector jars with it, and
 * a user-defined function's jar given with {@code --jar}) copies a PostgreSQL database into another
 * and then streams later changes.
 */
class RemoteClusterITCase {
    private static final int CUSTOMERS = 20_000;
    private static TestingPostgresServer source;
    private static TestingPostgresServer target;

    @TempDir
    static Path work;

    private static TestingFlinkSessionCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        assertThat(TestingFlinkSessionCluster.classPath()).as("the cluster's class path")
                .contains("flink-runtime").doesNotContain("cdc-core", "source-postgres", "sink-jdbc", "pipeline-yaml", "postgresql-");
        cluster = TestingFlinkSessionCluster.start(work.resolve("flink"));
        source = TestingPostgresServer.start();
        target = TestingPostgresServer.start();
        source.createDatabase("appdb");
        target.createDatabase("replica");
        ShopSchema.create(source, "appdb", CUSTOMERS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void submitsToSessionClusterWhichCopiesAndStreams() throws Exception {
        Path pipeline = work.resolve("to-cluster.yaml");
        Files.writeString(pipeline, """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: postgres
                  password: unused
                  tables: appdb.public.\\.*
                  slot.name: tributary_remote
                  scan.incremental.snapshot.chunk.size: 4000
                sink:
                  type: jdbc
                  url: jdbc:postgresql://127.0.0.1:%d/replica
                  username: postgres
                  password: unused
                transform:
                  - source-table: appdb.public.customers
                    projection: \\*, bump(id) AS bumped
                pipeline:
                  name: to-cluster
                  parallelism: 2
                  execution.checkpointing.interval: 1s
                  user-defined-function:
                    - name: bump
                      classpath: com.acme.udf.Bump
                """.formatted(source.port(), target.port()));
        Path functions = FunctionJar.compile(work, "bump", "Bump", UserDefinedFunctionITCase.BUMP);

        String jobId;
        try (TributaryProcess submit = TributaryProcess.start(work.resolve("submit.log"), "run", pipeline.toString(), "--target", "remote",
                "--jobmanager", cluster.restAddress(), "--state-dir", work.resolve("state").toString(), "--jar", functions.toString())) {
            assertThat(submit.awaitExit(Duration.ofSeconds(90))).as("exit code of the submission:\n" + submit.tail()).isZero();
            jobId = submit.awaitOutput("Submitted pipeline 'to-cluster' to " + cluster.restAddress() + " as Flink job ([0-9a-f]{32})\\.",
                    Duration.ofSeconds(1)).group(1);
        }
        try {
            awaitTargetEqualsSource(jobId, "the snapshot");
            source.execute("appdb",
                    "UPDATE customers SET balance = balance + 1, name = 'changed' WHERE id % 1000 = 0",
                    "DELETE FROM order_lines WHERE order_id < 50",
                    "INSERT INTO customers (id, name, balance) VALUES (" + (CUSTOMERS + 1) + ", 'after the snapshot', 1.5)",
                    "INSERT INTO skus (code, title) VALUES ('SKU-new', 'streamed')");
            awaitTargetEqualsSource(jobId, "the changes after the snapshot");
            try (Connection dst = target.connect("replica")) {
                assertThat(TableContents.count(dst, "public.customers WHERE bumped = id + 1")).as("rows the --jar function computed on the cluster")
                        .isEqualTo(CUSTOMERS + 1);
            }
            assertThat(cluster.jobState(jobId)).isEqualTo("RUNNING");
            assertClusterMetrics();
        } finally {
            cluster.cancel(jobId);
        }
    }

    /** The reporter installed as a plugin serves the job's metrics from both cluster processes, as the README configures it. */
    private static void assertClusterMetrics() throws Exception {
        Map<String, String> pipeline = Map.of("pipeline", "to-cluster");
        PrometheusText taskManager = PrometheusText.parse(cluster.scrapeTaskManager());
        assertThat(taskManager.sum("tributary_source_events_total", Map.of("pipeline", "to-cluster", "operation", "update")))
                .as("updates streamed, counted on the TaskManager").isEqualTo(CUSTOMERS / 1000);
        assertThat(taskManager.sum("tributary_sink_events_total", Map.of("pipeline", "to-cluster", "operation", "insert"))).isEqualTo(2);
        assertThat(taskManager.max("tributary_sink_lag_seconds", pipeline)).isPresent();
        PrometheusText jobManager = PrometheusText.parse(cluster.scrapeJobManager());
        assertThat(jobManager.max("flink_jobmanager_job_numberOfCompletedCheckpoints", pipeline).orElseThrow()).isPositive();
        assertThat(jobManager.max("tributary_snapshot_tables", pipeline).orElseThrow()).isEqualTo(ShopSchema.TABLES.size());
        assertThat(jobManager.max("tributary_stream_running", pipeline).orElseThrow()).isEqualTo(1);
    }

    private static void awaitTargetEqualsSource(String jobId, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String difference = "";
        while (Instant.now().isBefore(deadline)) {
            difference = difference();
            if (difference.isEmpty()) {
                return;
            }
            String state = cluster.jobState(jobId);
            if (List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
                throw new AssertionError("job " + jobId + " is " + state + " before " + what + " reached the target:\n" + cluster.logTail());
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + " never made the target equal the source: " + difference + "\n" + cluster.logTail());
    }

    private static String difference() {
        try (Connection src = source.connect("appdb"); Connection dst = target.connect("replica")) {
            for (ShopSchema.Table table : ShopSchema.TABLES) {
                var expected = TableContents.of(src, "public." + table.name(), table.columns());
                var actual = TableContents.of(dst, "public." + table.name(), table.columns());
                if (!expected.equals(actual)) {
                    return table.name() + ": source has " + expected.size() + " rows, target " + actual.size();
                }
            }
            return "";
        } catch (SQLException e) {
            return "target not readable yet: " + e.getMessage();
        }
    }
}
