package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingPostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory full, then read-only, under a PostgreSQL → PostgreSQL pipeline that streams
 * changes, through the real command line. Its checkpoints are on a small tmpfs of their own, filled
 * by a file of zeros and then remounted read-only. While checkpoints cannot be written the
 * pipeline says so naming the directory, {@code /health/ready} is 503, and the slot's confirmed
 * position does not move (nothing is acknowledged that no completed checkpoint holds); once the
 * directory is writable again the pipeline carries on by itself and the target ends equal to the
 * source. Mounting a tmpfs needs root (CAP_SYS_ADMIN); without it the test is skipped, saying so.
 * The tmpfs holds the checkpoints ({@code STATE/checkpoints}), where every write of a running
 * pipeline goes; the lock the run holds open in the state directory itself would keep a
 * read-only remount from taking effect.
 */
class StateDiskITCase {
    private static final int ROWS = 2_000;
    private static final Duration FAULT = Duration.ofSeconds(15);

    private static TestingPostgresServer source;
    private static TestingPostgresServer target;

    @TempDir
    static Path work;

    private static Path state;
    private static Path checkpoints;
    private static boolean mounted;

    @BeforeAll
    static void mountStateDirectory() throws Exception {
        state = work.resolve("state");
        checkpoints = state.resolve("checkpoints");
        Files.createDirectories(checkpoints);
        String refused = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", checkpoints.toString());
        Assumptions.assumeTrue(refused == null, () -> "Skipped: mounting a 16 MiB tmpfs as the state directory needs root (CAP_SYS_ADMIN): " + refused);
        mounted = true;
        source = TestingPostgresServer.start();
        target = TestingPostgresServer.start();
        source.createDatabase("shop");
        source.execute("shop",
                "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2))",
                "INSERT INTO items SELECT g, 'item ' || g, g / 4.0 FROM generate_series(1, " + ROWS + ") g");
        target.createDatabase("disk");
    }

    @AfterAll
    static void release() throws Exception {
        if (mounted) {
            run("umount", "-l", checkpoints.toString());
        }
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void ridesOutAFullAndThenAReadOnlyStateDirectory() throws Exception {
        int httpPort = ReadinessProbe.freePort();
        Path pipeline = work.resolve("disk.yaml");
        Files.writeString(pipeline, """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: postgres
                  password: unused
                  tables: shop.public.items
                  slot.name: disk_slot
                sink:
                  type: jdbc
                  url: %s
                  username: postgres
                  password: unused
                pipeline:
                  name: disk
                  execution.checkpointing.interval: 1s
                """.formatted(source.port(), target.jdbcUrl("disk")));
        try (TributaryProcess run = TributaryProcess.start(work.resolve("disk.log"), "run", pipeline.toString(),
                "--state-dir", state.toString(), "--http-port", Integer.toString(httpPort));
                SourceWrites writes = SourceWrites.items(() -> source.connect("shop"), "items", ROWS)) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(90));
            ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(60));
            writes.start();
            Thread.sleep(2_000);

            Path filler = checkpoints.resolve("filler");
            Instant fullAt = Instant.now();
            fill(filler);
            Fault full = rideOut(run, httpPort, fullAt, () -> Files.delete(filler));
            assertThat(run.output()).as("the full directory is named").contains("Checkpoints fail: the state directory " + checkpoints
                    + " cannot be written (No space left on device)");

            Instant readOnlyAt = Instant.now();
            assertThat(run("mount", "-o", "remount,ro", checkpoints.toString())).as("remount read-only").isNull();
            Fault readOnly = rideOut(run, httpPort, readOnlyAt, () -> assertThat(run("mount", "-o", "remount,rw", checkpoints.toString())).isNull());
            assertThat(run.output()).as("the read-only directory is named").contains("Checkpoints fail: the state directory " + checkpoints
                    + " cannot be written (Read-only file system)");

            Thread.sleep(2_000);
            writes.close();
            Instant stoppedWritingAt = Instant.now();
            awaitTargetEqualsSource(run, Duration.ofSeconds(60));
            System.out.printf("State directory full for %s: not ready after %d ms, slot held at %s while %s of WAL was written; ready %d ms after"
                    + " space was freed%n", FAULT, full.notReadyAfter.toMillis(), full.heldAt, full.walWritten, full.readyAfter.toMillis());
            System.out.printf("State directory read-only for %s: not ready after %d ms, slot held at %s while %s of WAL was written; ready %d ms"
                    + " after it was writable; target equal %d ms after the writes stopped (%d source transactions)%n", FAULT,
                    readOnly.notReadyAfter.toMillis(), readOnly.heldAt, readOnly.walWritten, readOnly.readyAfter.toMillis(),
                    Duration.between(stoppedWritingAt, Instant.now()).toMillis(), writes.count());
            assertThat(run.output()).doesNotContain("error: [");
        }
    }

    /** What the pipeline did while the state directory could not be written. */
    private record Fault(Duration notReadyAfter, String heldAt, String walWritten, Duration readyAfter) {}

    private interface Repair {
        void run() throws Exception;
    }

    /**
     * Waits for the pipeline to stop being ready, checks that the slot's confirmed position stays
     * where it is while the source's WAL grows, repairs the directory and waits for it to be ready.
     */
    private static Fault rideOut(TributaryProcess run, int httpPort, Instant faultAt, Repair repair) throws Exception {
        ReadinessProbe.awaitReady(run, httpPort, 503, FAULT);
        Duration notReadyAfter = Duration.between(faultAt, Instant.now());
        Thread.sleep(3_000); // a checkpoint that completed just before the fault may still be acknowledged
        String[] before = slotAndWal();
        Thread.sleep(Math.max(2_000, FAULT.minus(Duration.between(faultAt, Instant.now())).toMillis()));
        String[] after = slotAndWal();
        assertThat(after[0]).as("the slot's confirmed position while no checkpoint can be written").isEqualTo(before[0]);
        assertThat(after[1]).as("the source kept writing WAL").isNotEqualTo(before[1]);
        assertThat(run.isAlive()).as("still running:\n%s", run.tail()).isTrue();
        repair.run();
        Instant repairedAt = Instant.now();
        ReadinessProbe.awaitReady(run, httpPort, 200, Duration.ofSeconds(120));
        awaitRecoveryLogged(run, Duration.ofSeconds(30));
        return new Fault(notReadyAfter, before[0], walBytes(before[1], after[1]), Duration.between(repairedAt, Instant.now()));
    }

    /** The pipeline says the directory takes writes again, once more than it had said so before. */
    private static void awaitRecoveryLogged(TributaryProcess run, Duration timeout) throws Exception {
        String recovered = "takes writes again and a checkpoint completed";
        long episodes = run.output().lines().filter(line -> line.contains("Checkpoints fail: ")).count();
        Instant deadline = Instant.now().plus(timeout);
        while (run.output().lines().filter(line -> line.contains(recovered)).count() < episodes) {
            assertThat(Instant.now()).as("'%s' logged within %s:\n%s", recovered, timeout, run.tail()).isBefore(deadline);
            Thread.sleep(200); // the watch looks every 2 s
        }
    }

    private static String[] slotAndWal() throws SQLException {
        try (Connection connection = source.connect("shop"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT confirmed_flush_lsn::text, pg_current_wal_lsn()::text FROM pg_replication_slots"
                        + " WHERE slot_name = 'disk_slot'")) {
            assertThat(rs.next()).as("slot disk_slot exists").isTrue();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private static String walBytes(String from, String to) throws SQLException {
        try (Connection connection = source.connect("shop"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_size_pretty(pg_wal_lsn_diff('" + to + "', '" + from + "'))")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Writes zeros into {@code file} until the file system has no space left. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
        }
    }

    /** Runs a command; null when it succeeded, otherwise what it printed. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not end within 30 s";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + " exited " + process.exitValue() + ": " + output.strip();
    }

    private static void awaitTargetEqualsSource(TributaryProcess run, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String difference = "";
        while (Instant.now().isBefore(deadline)) {
            assertThat(run.isAlive()).as("tributary running:\n%s", run.tail()).isTrue();
            try (Connection src = source.connect("shop"); Connection dst = target.connect("disk")) {
                var expected = TableContents.of(src, "public.items", "id, name, price");
                var actual = TableContents.of(dst, "public.items", "id, name, price");
                if (expected.equals(actual)) {
                    return;
                }
                difference = TableContents.difference(expected, actual);
            } catch (SQLException notThereYet) {
                difference = notThereYet.getMessage();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the target never matched the source: " + difference + "\n" + run.tail());
    }
}
