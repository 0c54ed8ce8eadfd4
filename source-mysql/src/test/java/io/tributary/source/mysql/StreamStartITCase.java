package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.testing.RowCollectingSinkFactory;
import io.tributary.core.testing.TestingMariaDbServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming start modes and the binlog errors a user meets, on a freshly reset MariaDB whose
 * binlog held no GTID when the tests began.
 */
class StreamStartITCase {
    private static TestingMariaDbServer server;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestingMariaDbServer.start();
        server.execute("mysql", "RESET MASTER");
        assertThat(query("SELECT @@GLOBAL.gtid_binlog_pos")).as("a freshly reset server has no GTID yet").isEmpty();
        server.createDatabase("modes");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void latestOffsetStreamsOnlyChangesMadeAfterTheStart() throws Exception {
        server.execute("modes", "CREATE TABLE latest (id INT PRIMARY KEY, version INT)", "INSERT INTO latest VALUES (1, 1), (2, 1)");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Running running = start("latest", "mode-latest", Map.of("scan.startup.mode", "latest-offset"), OptionalInt.of(port));
        int probe = insertUntilCaptured("latest", "mode-latest", running, 100);
        server.execute("modes", "UPDATE latest SET version = 2 WHERE id = " + probe);
        running.await(() -> target("mode-latest").rows().get(probe).get(1).equals(2), "the update after the start");
        String metrics = scrape(port);
        running.runner.abort();

        assertThat(metrics).as("the binlog reader's own gauge, as README.md documents it")
                .containsPattern("(?m)^tributary_mysql_binlog_last_event_age_seconds\\{[^}]*\\} [0-9.E]+$");

        assertThat(target("mode-latest").rows()).doesNotContainKeys(1, 2);
    }

    @Test
    void earliestOffsetReplaysWhatTheBinlogStillHolds() throws Exception {
        server.execute("modes", "CREATE TABLE earliest (id INT PRIMARY KEY, version INT)", "INSERT INTO earliest VALUES (1, 1), (2, 1)",
                "UPDATE earliest SET version = 2 WHERE id = 2", "DELETE FROM earliest WHERE id = 1");
        Running running = start("earliest", "mode-earliest", Map.of("scan.startup.mode", "earliest-offset"));
        running.await(() -> target("mode-earliest").secondColumnHistory().getOrDefault(1, List.of()).contains(RowCollectingSinkFactory.DELETED),
                "the delete of row 1");
        running.runner.abort();

        assertThat(target("mode-earliest").rows()).containsOnlyKeys(2);
        assertThat(target("mode-earliest").secondColumnHistory().get(2)).containsExactly(1, 2);
    }

    @Test
    void specificOffsetStartsAtTheGivenFileAndPosition() throws Exception {
        server.execute("modes", "CREATE TABLE offsets (id INT PRIMARY KEY, version INT)", "INSERT INTO offsets VALUES (1, 1)");
        List<String> status = row("SHOW MASTER STATUS");
        server.execute("modes", "INSERT INTO offsets VALUES (2, 1)");
        Running running = start("offsets", "mode-specific", Map.of("scan.startup.mode", "specific-offset",
                "scan.startup.specific-offset.file", status.get(0), "scan.startup.specific-offset.pos", status.get(1)));
        running.await(() -> target("mode-specific").rows().containsKey(2), "row 2");
        running.runner.abort();

        assertThat(target("mode-specific").rows()).containsOnlyKeys(2);
    }

    @Test
    void aGtidSetStartsAfterTheTransactionsItHolds() throws Exception {
        server.execute("modes", "CREATE TABLE gtids (id INT PRIMARY KEY, version INT)", "INSERT INTO gtids VALUES (1, 1)");
        String executed = query("SELECT @@GLOBAL.gtid_binlog_pos");
        server.execute("modes", "INSERT INTO gtids VALUES (2, 1)", "UPDATE gtids SET version = 2 WHERE id = 2");
        Running running = start("gtids", "mode-gtid", Map.of("scan.startup.mode", "specific-offset",
                "scan.startup.specific-offset.gtid-set", executed));
        running.await(() -> target("mode-gtid").rows().containsKey(2) && target("mode-gtid").rows().get(2).get(1).equals(2), "row 2, updated");
        running.runner.abort();

        assertThat(executed).as("MariaDB's domain-server-seq format").matches("\\d+-\\d+-\\d+");
        assertThat(target("mode-gtid").rows()).containsOnlyKeys(2);
        assertThat(target("mode-gtid").secondColumnHistory().get(2)).containsExactly(1, 2);
    }

    @Test
    void timestampSkipsTransactionsCommittedBeforeIt() throws Exception {
        server.execute("modes", "CREATE TABLE stamped (id INT PRIMARY KEY, version INT)", "INSERT INTO stamped VALUES (1, 1)");
        Thread.sleep(1_100); // binlog timestamps have whole seconds
        long startMillis = System.currentTimeMillis() / 1000 * 1000 + 1000;
        Thread.sleep(startMillis - System.currentTimeMillis() + 50);
        server.execute("modes", "INSERT INTO stamped VALUES (2, 1)");
        Running running = start("stamped", "mode-timestamp", Map.of("scan.startup.mode", "timestamp",
                "scan.startup.timestamp-millis", Long.toString(startMillis)));
        running.await(() -> target("mode-timestamp").rows().containsKey(2), "row 2");
        running.runner.abort();

        assertThat(target("mode-timestamp").rows()).containsOnlyKeys(2);
    }

    @Test
    void aPurgedStartPositionFailsNamingTheOldestFileAndTheWayOut() throws Exception {
        server.execute("modes", "CREATE TABLE purged (id INT PRIMARY KEY, version INT)");
        Running running = start("purged", "mode-purged", Map.of("scan.startup.mode", "specific-offset",
                "scan.startup.specific-offset.file", "mariadb-bin.000999", "scan.startup.specific-offset.pos", "4"));
        running.thread.join(Duration.ofMinutes(2).toMillis());

        assertThat(running.failure.get()).as(describe(running.failure.get())).isInstanceOfSatisfying(TributaryException.class, e -> {
            assertThat(e.code()).as(describe(e)).isEqualTo(ErrorCode.SOURCE_POSITION_LOST);
            assertThat(e.getMessage()).contains("mariadb-bin.000999").contains("oldest file that remains is mariadb-bin.0000")
                    .contains("scan.startup.mode: initial");
        });
    }

    @Test
    void anotherReplicaWithTheSameServerIdStopsThePipelineWithTheFix() throws Exception {
        server.execute("modes", "CREATE TABLE twins (id INT PRIMARY KEY, version INT)");
        Running running = start("twins", "mode-twins", Map.of("scan.startup.mode", "latest-offset", "server-id", "6123"));
        insertUntilCaptured("twins", "mode-twins", running, 1);
        BinaryLogClient twin = new BinaryLogClient("127.0.0.1", server.port(), TestingMariaDbServer.ADMIN, TestingMariaDbServer.ADMIN_PASSWORD);
        twin.setServerId(6123);
        twin.connect(10_000);
        try {
            running.thread.join(Duration.ofMinutes(2).toMillis());
        } finally {
            twin.disconnect();
        }

        assertThat(running.failure.get()).as(describe(running.failure.get())).isInstanceOfSatisfying(TributaryException.class, e -> {
            assertThat(e.code()).as(describe(e)).isEqualTo(ErrorCode.SOURCE_MISCONFIGURED);
            assertThat(e.getMessage()).contains("server-id 6123").contains("option server-id");
        });
    }

    private static String scrape(int port) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private Running start(String table, String name, Map<String, String> extra) {
        return start(table, name, extra, OptionalInt.empty());
    }

    private Running start(String table, String name, Map<String, String> extra, OptionalInt httpPort) {
        Map<String, String> source = MariaDbTestSettings.snapshotOf(server, "modes." + table);
        source.put("server-id", "6100");
        source.putAll(extra);
        PipelineDefinition definition = new PipelineDefinition(name, new ConnectorDefinition("mysql", source),
                new ConnectorDefinition("collect-rows", Map.of("name", name)), List.<RouteDefinition>of(),
                Map.of("parallelism", "1", "execution.checkpointing.interval", "300ms", "restart-strategy.type", "none"));
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(stateDir.resolve(name), httpPort));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                runner.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "pipeline-" + name);
        thread.start();
        return new Running(runner, thread, failure);
    }

    /** Inserts rows from {@code firstId} on until one reaches the copy (the stream is then open); returns its id. */
    private static int insertUntilCaptured(String table, String name, Running running, int firstId) throws Exception {
        AtomicReference<Integer> captured = new AtomicReference<>();
        int[] next = {firstId};
        running.await(() -> {
            RowCollectingSinkFactory.Target target = RowCollectingSinkFactory.TARGETS.get(name);
            if (target != null && !target.rows().isEmpty()) {
                captured.set(target.rows().firstKey());
                return true;
            }
            server.execute("modes", "INSERT INTO " + table + " VALUES (" + next[0]++ + ", 1)");
            return false;
        }, "a row inserted after the start");
        return captured.get();
    }

    private static String describe(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        if (failure != null) {
            failure.printStackTrace(new java.io.PrintWriter(text));
        }
        return text.toString();
    }

    private static RowCollectingSinkFactory.Target target(String name) {
        return RowCollectingSinkFactory.TARGETS.get(name);
    }

    private static String query(String sql) throws Exception {
        return row(sql).get(0);
    }

    private static List<String> row(String sql) throws Exception {
        try (Connection connection = server.connect("mysql"); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            java.util.ArrayList<String> values = new java.util.ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }

    private record Running(PipelineRunner runner, Thread thread, AtomicReference<Throwable> failure) {
        void await(BooleanSupplier condition, String what) throws Exception {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                if (failure.get() != null) {
                    throw new AssertionError("the pipeline failed", failure.get());
                }
                try {
                    if (condition.getAsBoolean()) {
                        return;
                    }
                } catch (NullPointerException notYet) {
                    // the collection or the row does not exist yet
                }
                Thread.sleep(200); // polling the collected copy
            }
            throw new AssertionError("timed out waiting for " + what);
        }
    }

}
