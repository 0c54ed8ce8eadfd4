package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL source out of reach while the pipeline streams, with the default restart strategy,
 * through the real command line: a 40 s cut (longer than the old 3 × 5 s restarts) is ridden out
 * and the target ends equal to the source; so is a silent network cut (nothing forwarded, nothing
 * closed) longer than the server's {@code wal_sender_timeout}; a replication slot dropped meanwhile
 * ends the run at once with exit 1 and {@code SOURCE_POSITION_LOST} instead of restarting for
 * minutes.
 */
class SourceOutageITCase {
    private static final int ROWS = 2_000;
    private static final Duration CUT = Duration.ofSeconds(40);
    private static final Duration WAL_SENDER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PARTITION = Duration.ofSeconds(25);

    private static TestingPostgresServer source;
    private static TestingPostgresServer target;
    private static TestingTcpProxy sourceProxy;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        source = TestingPostgresServer.start();
        target = TestingPostgresServer.start();
        source.createDatabase("shop");
        source.execute("shop",
                "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2))",
                "CREATE TABLE lost (id bigint PRIMARY KEY, name text)",
                "CREATE TABLE parted (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2))",
                "INSERT INTO parted SELECT g, 'item ' || g, g / 4.0 FROM generate_series(1, " + ROWS + ") g",
                "INSERT INTO items SELECT g, 'item ' || g, g / 4.0 FROM generate_series(1, " + ROWS + ") g",
                "INSERT INTO lost SELECT g, 'lost ' || g FROM generate_series(1, 10) g");
        target.createDatabase("outage");
        target.createDatabase("fatal");
        target.createDatabase("parted");
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
    void ridesOutASourceOutageWithTheDefaultRestartStrategy() throws Exception {
        int httpPort = ReadinessProbe.freePort();
        Path pipeline = writePipeline("outage", "shop.public.items", "outage_slot");
        try (TributaryProcess run = TributaryProcess.start(work.resolve("outage.log"), "run", pipeline.toString(),
                "--state-dir", work.resolve("state").toString(), "--http-port", Integer.toString(httpPort));
                SourceWrites writes = SourceWrites.items(() -> source.connect("shop"), "items", ROWS)) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(90));
            ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(60));
            writes.start();
            Thread.sleep(2_000);

            Instant cutAt = Instant.now();
            sourceProxy.cut();
            ReadinessProbe.awaitReady(run, httpPort, 503, Duration.ofSeconds(30));
            Duration notReadyAfter = Duration.between(cutAt, Instant.now());
            Thread.sleep(Math.max(0, CUT.minus(Duration.between(cutAt, Instant.now())).toMillis()));
            assertThat(run.isAlive()).as("still running after a %s outage", CUT).isTrue();
            int writtenDuringCut = writes.count();
            sourceProxy.restore();
            Instant restoredAt = Instant.now();

            ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(120));
            Duration readyAfter = Duration.between(restoredAt, Instant.now());
            Thread.sleep(2_000);
            writes.close();
            assertThat(writes.count()).as("writes kept going on the source").isGreaterThan(writtenDuringCut).isPositive();
            awaitTargetEqualsSource(run, "outage", "items", Duration.ofSeconds(60));
            Duration equalAfter = Duration.between(restoredAt, Instant.now());
            System.out.printf("Source outage of %s: /health/ready 503 after %d ms, 200 again %d ms after reconnect, target equal %d ms after"
                    + " reconnect (%d source transactions)%n", CUT, notReadyAfter.toMillis(), readyAfter.toMillis(), equalAfter.toMillis(), writes.count());
            assertThat(run.output()).doesNotContain("error: [");
        }
    }

    /**
     * A partition rather than a refused connection: the replication connection's reads never block
     * and the server's keepalives never arrive, so only the stream's side connection, whose reads
     * give up after {@code connect.timeout}, tells the pipeline; the server meanwhile drops the
     * walsender after {@code wal_sender_timeout} and frees the slot.
     */
    @Test
    void ridesOutASilentNetworkCutLongerThanTheReplicationTimeout() throws Exception {
        source.execute("shop", "ALTER SYSTEM SET wal_sender_timeout = '" + WAL_SENDER_TIMEOUT.toSeconds() + "s'", "SELECT pg_reload_conf()");
        int httpPort = ReadinessProbe.freePort();
        Path pipeline = writePipeline("parted", "shop.public.parted", "parted_slot", "  connect.timeout: 5s\n");
        try (TributaryProcess run = TributaryProcess.start(work.resolve("parted.log"), "run", pipeline.toString(),
                "--state-dir", work.resolve("parted-state").toString(), "--http-port", Integer.toString(httpPort));
                SourceWrites writes = SourceWrites.items(() -> source.connect("shop"), "parted", ROWS)) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(90));
            ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(60));
            writes.start();
            Thread.sleep(2_000);

            Instant cutAt = Instant.now();
            sourceProxy.blackHole();
            ReadinessProbe.awaitReady(run, httpPort, 503, PARTITION);
            Duration notReadyAfter = Duration.between(cutAt, Instant.now());
            Thread.sleep(Math.max(0, PARTITION.minus(Duration.between(cutAt, Instant.now())).toMillis()));
            assertThat(slotActive("parted_slot")).as("the server gave up on the walsender within the %s partition (wal_sender_timeout %s)",
                    PARTITION, WAL_SENDER_TIMEOUT).isFalse();
            assertThat(run.isAlive()).as("still running after a %s partition", PARTITION).isTrue();
            int writtenDuringCut = writes.count();
            sourceProxy.heal();
            Instant healedAt = Instant.now();

            ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(120));
            Duration readyAfter = Duration.between(healedAt, Instant.now());
            Thread.sleep(2_000);
            writes.close();
            assertThat(writes.count()).as("writes kept going on the source").isGreaterThan(writtenDuringCut);
            awaitTargetEqualsSource(run, "parted", "parted", Duration.ofSeconds(60));
            Duration equalAfter = Duration.between(healedAt, Instant.now());
            System.out.printf("Silent network cut of %s (wal_sender_timeout %s): /health/ready 503 after %d ms, 200 again %d ms after the"
                    + " network healed, target equal %d ms after (%d source transactions)%n", PARTITION, WAL_SENDER_TIMEOUT,
                    notReadyAfter.toMillis(), readyAfter.toMillis(), equalAfter.toMillis(), writes.count());
            assertThat(run.output()).doesNotContain("error: [").contains("did not answer within 5 s (connect.timeout) while streaming");
        } finally {
            source.execute("shop", "ALTER SYSTEM RESET wal_sender_timeout", "SELECT pg_reload_conf()");
        }
    }

    /**
     * The same silent cut in front of a MariaDB source: the binlog client's read would wait for
     * ever, so the reader counts the silence against the heartbeat it asked the server for.
     */
    @Test
    void ridesOutASilentNetworkCutOfTheBinlogConnection() throws Exception {
        try (TestingMariaDbServer mariadb = TestingMariaDbServer.start(); TestingTcpProxy proxy = TestingTcpProxy.start(mariadb.port())) {
            mariadb.createDatabase("shop");
            mariadb.execute("shop",
                    "CREATE TABLE parted (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, price DECIMAL(12,2))",
                    "INSERT INTO parted SELECT seq, CONCAT('item ', seq), seq / 4 FROM seq_1_to_" + ROWS);
            target.createDatabase("binlog_parted");
            int httpPort = ReadinessProbe.freePort();
            Path pipeline = work.resolve("binlog.yaml");
            Files.writeString(pipeline, """
                    source:
                      type: mysql
                      hostname: 127.0.0.1
                      port: %d
                      username: %s
                      password: %s
                      tables: shop.parted
                      server-id: 5950
                      heartbeat.interval: 1s
                      connect.timeout: 5s
                    sink:
                      type: jdbc
                      url: %s
                      username: postgres
                      password: unused
                    pipeline:
                      name: binlog-parted
                      execution.checkpointing.interval: 1s
                    """.formatted(proxy.port(), TestingMariaDbServer.ADMIN, TestingMariaDbServer.ADMIN_PASSWORD, target.jdbcUrl("binlog_parted")));
            try (TributaryProcess run = TributaryProcess.start(work.resolve("binlog.log"), "run", pipeline.toString(),
                    "--state-dir", work.resolve("binlog-state").toString(), "--http-port", Integer.toString(httpPort));
                    SourceWrites writes = SourceWrites.items(() -> mariadb.connect("shop"), "parted", ROWS)) {
                run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(90));
                ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(60));
                writes.start();
                Thread.sleep(2_000);

                Instant cutAt = Instant.now();
                proxy.blackHole();
                ReadinessProbe.awaitReady(run, httpPort, 503, PARTITION);
                Duration notReadyAfter = Duration.between(cutAt, Instant.now());
                Thread.sleep(Math.max(0, PARTITION.minus(Duration.between(cutAt, Instant.now())).toMillis()));
                assertThat(run.isAlive()).as("still running after a %s partition", PARTITION).isTrue();
                proxy.heal();
                Instant healedAt = Instant.now();

                ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(120));
                Duration readyAfter = Duration.between(healedAt, Instant.now());
                Thread.sleep(2_000);
                writes.close();
                String query = "SELECT id, name, price FROM %s ORDER BY id";
                List<String> expected;
                try (Connection connection = mariadb.connect("shop")) {
                    expected = TableContents.rowsOf(connection, query.formatted("parted"));
                }
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                List<String> actual = List.of();
                while (!actual.equals(expected) && Instant.now().isBefore(deadline)) {
                    Thread.sleep(500); // polling the target
                    try (Connection connection = target.connect("binlog_parted")) {
                        actual = TableContents.rowsOf(connection, query.formatted("shop.parted"));
                    }
                }
                assertThat(actual).as("target equals source: %s", TableContents.difference(expected, actual)).isEqualTo(expected);
                System.out.printf("Silent network cut of %s in front of MariaDB (heartbeat 1 s, connect.timeout 5 s): /health/ready 503 after %d ms,"
                        + " 200 again %d ms after the network healed, target equal %d ms after (%d source transactions)%n", PARTITION,
                        notReadyAfter.toMillis(), readyAfter.toMillis(), Duration.between(healedAt, Instant.now()).toMillis(), writes.count());
                assertThat(run.output()).doesNotContain("error: [").contains("has been silent for");
            }
        }
    }

    private static boolean slotActive(String slot) throws SQLException {
        try (Connection connection = source.connect("shop"); Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            assertThat(rs.next()).as("slot %s exists", slot).isTrue();
            return rs.getBoolean(1);
        }
    }

    @Test
    void aDroppedSlotEndsTheRunAtOnceWithItsCode() throws Exception {
        Path pipeline = writePipeline("fatal", "shop.public.lost", "fatal_slot");
        try (TributaryProcess run = TributaryProcess.start(work.resolve("fatal.log"), "run", pipeline.toString(),
                "--state-dir", work.resolve("fatal-state").toString())) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(90));
            awaitCheckpoint(run, work.resolve("fatal-state"));

            sourceProxy.cut();
            dropSlot("fatal_slot");
            sourceProxy.restore();
            Instant restoredAt = Instant.now();

            int exit = run.awaitExit(Duration.ofSeconds(60));
            Duration endedAfter = Duration.between(restoredAt, Instant.now());
            System.out.printf("Dropped slot: the run ended %d ms after the source was reachable again%n", endedAfter.toMillis());
            assertThat(exit).isEqualTo(1);
            assertThat(run.output()).contains("error: [SOURCE_POSITION_LOST] Replication slot fatal_slot no longer exists");
            assertThat(endedAfter).as("ended without waiting out the restart strategy").isLessThan(Duration.ofSeconds(30));
        }
    }

    private Path writePipeline(String targetDatabase, String tables, String slot) throws Exception {
        return writePipeline(targetDatabase, tables, slot, "");
    }

    private Path writePipeline(String targetDatabase, String tables, String slot, String moreSourceOptions) throws Exception {
        Path file = work.resolve(targetDatabase + ".yaml");
        Files.writeString(file, """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: postgres
                  password: unused
                  tables: %s
                  slot.name: %s
                %ssink:
                  type: jdbc
                  url: %s
                  username: postgres
                  password: unused
                pipeline:
                  name: %s
                  execution.checkpointing.interval: 1s
                """.formatted(sourceProxy.port(), tables, slot, moreSourceOptions, target.jdbcUrl(targetDatabase), targetDatabase));
        return file;
    }

    private static void awaitCheckpoint(TributaryProcess run, Path state) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (StateDirectory.newestCheckpoint(state) < 1) {
            assertThat(Instant.now()).as("a checkpoint within 30 s:\n%s", run.tail()).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** Drops the slot once the walsender that held it noticed the cut and let go. */
    private static void dropSlot(String slot) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (Connection connection = source.connect("shop"); Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND active_pid IS NOT NULL");
                statement.execute("SELECT pg_drop_replication_slot('" + slot + "')");
                return;
            } catch (SQLException active) {
                if (Instant.now().isAfter(deadline)) {
                    throw active;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void awaitTargetEqualsSource(TributaryProcess run, String database, String table, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String difference = "";
        while (Instant.now().isBefore(deadline)) {
            assertThat(run.isAlive()).as("tributary running:\n%s", run.tail()).isTrue();
            try (Connection src = source.connect("shop"); Connection dst = target.connect(database)) {
                var expected = TableContents.of(src, "public." + table, "id, name, price");
                var actual = TableContents.of(dst, "public." + table, "id, name, price");
                if (expected.equals(actual)) {
                    return;
                }
                difference = "source has " + expected.size() + " rows, target " + actual.size();
            } catch (SQLException notThereYet) {
                difference = notThereYet.getMessage();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the target never matched the source: " + difference + "\n" + run.tail());
    }
}
