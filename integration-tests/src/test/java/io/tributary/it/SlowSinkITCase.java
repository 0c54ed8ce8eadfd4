package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that stalls for longer than the source server waits on a silent replica: the target
 * table locked for 25 s while a heavy update load goes on at the source, so the sink holds the
 * whole pipeline back and the source connection stays unread. PostgreSQL's {@code
 * wal_sender_timeout} and MariaDB's {@code net_write_timeout} are set to 5 s, so the server drops
 * the replication connection in the middle of the stall. Nothing is lost (the target ends equal to
 * the source, every column), and the pipeline restarts only a few times, no faster than the
 * restart strategy's back-off, rather than looping on reconnects.
 */
class SlowSinkITCase {
    private static final int ROWS = 2_000;
    private static final Duration STALL = Duration.ofSeconds(25);
    private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void postgresSourceLosesNothingWhileTheSinkStalls() throws Exception {
        try (TestingPostgresServer source = TestingPostgresServer.start(); TestingPostgresServer target = TestingPostgresServer.start()) {
            source.createDatabase("shop");
            source.execute("shop",
                    "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(12,2))",
                    "INSERT INTO items SELECT g, 'item ' || g, g / 4.0 FROM generate_series(1, " + ROWS + ") g",
                    "ALTER SYSTEM SET wal_sender_timeout = '" + SERVER_TIMEOUT.toSeconds() + "s'",
                    "SELECT pg_reload_conf()");
            target.createDatabase("warehouse");
            String sourceBlock = """
                      type: postgres
                      hostname: 127.0.0.1
                      port: %d
                      username: postgres
                      password: unused
                      tables: shop.public.items
                      slot.name: slow_sink
                    """.formatted(source.port());
            rideOutAStalledSink(() -> source.connect("shop"), "SELECT id, name, price FROM items ORDER BY id", sourceBlock, target,
                    "public.items", "postgres wal_sender_timeout");
        }
    }

    @Test
    void mariaDbSourceLosesNothingWhileTheSinkStalls() throws Exception {
        try (TestingMariaDbServer source = TestingMariaDbServer.start(); TestingPostgresServer target = TestingPostgresServer.start()) {
            source.createDatabase("shop");
            source.execute("shop",
                    "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, price DECIMAL(12,2))",
                    "INSERT INTO items SELECT seq, CONCAT('item ', seq), seq / 4 FROM seq_1_to_" + ROWS,
                    "SET GLOBAL net_write_timeout = " + SERVER_TIMEOUT.toSeconds());
            target.createDatabase("warehouse");
            String sourceBlock = """
                      type: mysql
                      hostname: 127.0.0.1
                      port: %d
                      username: %s
                      password: %s
                      tables: shop.items
                      server-id: 5900
                    """.formatted(source.port(), TestingMariaDbServer.ADMIN, TestingMariaDbServer.ADMIN_PASSWORD);
            rideOutAStalledSink(() -> source.connect("shop"), "SELECT id, name, price FROM items ORDER BY id", sourceBlock, target,
                    "shop.items", "mariadb net_write_timeout");
        }
    }

    private void rideOutAStalledSink(SourceWrites.Opener source, String sourceQuery, String sourceBlock, TestingPostgresServer target,
            String targetTable, String label) throws Exception {
        int httpPort = ReadinessProbe.freePort();
        Path pipeline = work.resolve("slow.yaml");
        Files.writeString(pipeline, "source:\n" + sourceBlock + """
                sink:
                  type: jdbc
                  url: %s
                  username: postgres
                  password: unused
                pipeline:
                  name: slow
                  execution.checkpointing.interval: 1s
                """.formatted(target.jdbcUrl("warehouse")));
        try (TributaryProcess run = TributaryProcess.start(work.resolve("slow.log"), "run", pipeline.toString(), "--state-dir",
                work.resolve("state").toString(), "--http-port", Integer.toString(httpPort));
                // a bulk update of every row every 100 ms: enough to fill the pipeline's buffers within a second or two of a stall
                SourceWrites updates = new SourceWrites(source, 100, (statement, n) -> statement.execute("UPDATE items SET price = price + 1"))) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
            ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(60));
            updates.start();
            Thread.sleep(2_000);
            long restartsBefore = restarts(httpPort);

            Instant stalledAt = Instant.now();
            try (Connection lock = target.connect("warehouse"); Statement statement = lock.createStatement()) {
                lock.setAutoCommit(false);
                statement.execute("LOCK TABLE " + targetTable + " IN ACCESS EXCLUSIVE MODE");
                Thread.sleep(STALL.toMillis()); // the sink's writes wait on the lock meanwhile
                lock.commit();
            }
            Instant releasedAt = Instant.now();
            assertThat(run.isAlive()).as("still running after the sink stalled %s:\n%s", STALL, run.tail()).isTrue();
            Thread.sleep(2_000);
            updates.close();
            Instant stoppedAt = Instant.now();

            List<String> expected;
            try (Connection connection = source.open()) {
                expected = TableContents.rowsOf(connection, sourceQuery);
            }
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            List<String> actual = List.of();
            while (Instant.now().isBefore(deadline) && !actual.equals(expected)) {
                assertThat(run.isAlive()).as("tributary running:\n%s", run.tail()).isTrue();
                try (Connection connection = target.connect("warehouse")) {
                    actual = TableContents.rowsOf(connection, "SELECT id, name, price FROM " + targetTable + " ORDER BY id");
                }
                Thread.sleep(500); // polling the target
            }
            long restarts = restarts(httpPort) - restartsBefore;
            System.out.printf("Sink stalled %s (%s %s): %d restarts, target equal %d ms after the stall ended and %d ms after the writes"
                    + " stopped (%d bulk updates of %d rows)%n", STALL, label, SERVER_TIMEOUT, restarts,
                    Duration.between(releasedAt, Instant.now()).toMillis(), Duration.between(stoppedAt, Instant.now()).toMillis(),
                    updates.count(), ROWS);
            assertThat(actual).as("target equals source: %s", TableContents.difference(expected, actual)).isEqualTo(expected);
            // The back-off doubles from 1 s, so within the stall and its aftermath a handful of
            // attempts at most: a reconnect loop would show dozens.
            assertThat(restarts).as("restarts during and after a %s stall", STALL).isLessThanOrEqualTo(5);
            assertThat(run.output()).doesNotContain("error: [");
            assertThat(Duration.between(stalledAt, releasedAt)).isGreaterThanOrEqualTo(STALL);
        }
    }

    private static long restarts(int httpPort) throws Exception {
        String status = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/status")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("\"restarts\"\\s*:\\s*(\\d+)").matcher(status);
        assertThat(matcher.find()).as("restarts in /status: %s", status).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
