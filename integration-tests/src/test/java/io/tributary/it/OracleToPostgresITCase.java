package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.core.testing.TestingPostgresServer;
import io.tributary.source.oracle.OracleFreeServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * Oracle → PostgreSQL through the real command line in a separate JVM, on Oracle Database Free
 * 23ai in Docker: a snapshot of 100,000 rows while a thread inserts, updates and deletes, SIGKILL
 * during the snapshot and again while streaming, {@code ALTER TABLE ... ADD (column)} while
 * streaming, and at the end the target table equal to the source, no row twice. Where no Docker
 * engine runs it is reported as skipped.
 */
class OracleToPostgresITCase {
    static final String NO_DOCKER = "needs a Docker engine to run Oracle Database Free and none runs here";
    /** TIMESTAMP and DATE values read as java.sql.Timestamp, as TableContents renders them. */
    static final Properties TIMESTAMPS_AS_JDBC = timestampsAsJdbc();
    private static final int ORDERS = 100_000;
    private static final String COLUMNS = "\"ID\", \"VERSION\", \"CUSTOMER\", \"CHANNEL\", \"AMOUNT\", \"CREATED\"";
    private static OracleFreeServer source;
    private static TestingPostgresServer target;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return; // the test is then reported as skipped, with the reason
        }
        source = OracleFreeServer.start();
        source.createSchema("SHOP");
        source.execute(
                "CREATE TABLE SHOP.ORDERS (ID NUMBER(10) PRIMARY KEY, VERSION NUMBER(10) NOT NULL, CUSTOMER VARCHAR2(40) NOT NULL, "
                        + "AMOUNT NUMBER(10,2), CREATED TIMESTAMP(3) NOT NULL)",
                "ALTER TABLE SHOP.ORDERS ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS",
                "INSERT INTO SHOP.ORDERS SELECT LEVEL, 1, 'customer-' || MOD(LEVEL, 977), LEVEL / 100, TIMESTAMP '2024-05-01 12:00:00.007' "
                        + "FROM DUAL CONNECT BY LEVEL <= " + ORDERS,
                "COMMIT",
                "BEGIN DBMS_STATS.GATHER_TABLE_STATS('SHOP', 'ORDERS'); END;");
        target = TestingPostgresServer.start();
        target.createDatabase("warehouse");
    }

    @AfterAll
    static void stopServers() {
        if (target != null) {
            target.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void survivesKillsAndCarriesAnAddedColumnToTheTarget() throws Exception {
        assumeTrue(source != null, NO_DOCKER);
        Path pipeline = writePipeline();
        Path state = work.resolve("state");
        Workload workload = new Workload();
        workload.start();
        try {
            try (TributaryProcess first = TributaryProcess.start(work.resolve("run-1.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                awaitTargetRows(first, ORDERS / 10);
                // A checkpoint must hold part of the snapshot, or the next run simply starts afresh.
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                while (StateDirectory.newestCheckpoint(state) < 1) {
                    assertThat(Instant.now()).as("a checkpoint within 60 s:\n%s", first.tail()).isBefore(deadline);
                    Thread.sleep(20); // polling the state directory
                }
                assertThat(first.output()).as("killed during the snapshot").doesNotContain("Snapshot finished");
                first.kill();
            }

            try (TributaryProcess second = TributaryProcess.start(work.resolve("run-2.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                second.awaitOutput("Resuming oracle source: \\d+ tables, [1-9]\\d* chunks finished", Duration.ofSeconds(90));
                second.awaitOutput("Streaming changes from the log", Duration.ofSeconds(300));
                workload.pauseFor(() -> source.execute("ALTER TABLE SHOP.ORDERS ADD (CHANNEL VARCHAR2(12))"));
                Thread.sleep(3_000); // let the workload write rows with the new column before the kill
                second.kill();
            }

            try (TributaryProcess third = TributaryProcess.start(work.resolve("run-3.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                third.awaitOutput("Resuming oracle source", Duration.ofSeconds(90));
                Thread.sleep(2_000);
                workload.stop();
                assertThat(workload.transactions()).isGreaterThan(100);

                awaitTargetEqualsSource(third);
                assertThat(third.output()).as("no chunk read again after the snapshot finished").doesNotContain("Reading chunk");
                assertThat(third.terminate(Duration.ofSeconds(120))).as("exit code after SIGTERM").isIn(0, 143);
            }
        } finally {
            workload.stop();
        }
    }

    private Path writePipeline() throws IOException {
        Path file = work.resolve("oracle-to-warehouse.yaml");
        Files.writeString(file, """
                source:
                  type: oracle
                  hostname: %s
                  port: %d
                  database: %s
                  username: "%s"
                  password: %s
                  tables: FREEPDB1.SHOP.ORDERS
                  scan.startup.mode: initial
                  scan.incremental.snapshot.chunk.size: 4000
                sink:
                  type: jdbc
                  url: jdbc:postgresql://127.0.0.1:%d/warehouse
                  username: postgres
                  password: unused
                route:
                  - source-table: FREEPDB1\\.SHOP\\.ORDERS
                    sink-table: public.orders
                pipeline:
                  name: oracle-to-warehouse
                  parallelism: 2
                  execution.checkpointing.interval: 1s
                """.formatted(source.host(), source.port(), OracleFreeServer.CDB_SERVICE, OracleFreeServer.CDC_USER, OracleFreeServer.CDC_PASSWORD, target.port()));
        return file;
    }

    private static void awaitTargetRows(TributaryProcess process, int rows) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
        while (Instant.now().isBefore(deadline)) {
            if (targetCount() >= rows) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(50); // polling the target
        }
        throw new AssertionError("the snapshot did not reach " + rows + " rows within 5 minutes:\n" + process.tail());
    }

    private static long targetCount() {
        try (Connection connection = target.connect("warehouse")) {
            return TableContents.count(connection, "public.orders");
        } catch (SQLException e) {
            return 0; // the table is not created yet
        }
    }

    /** Rows as text in key order; the target has the primary key, so equal lists also mean no row twice. */
    private static void awaitTargetEqualsSource(TributaryProcess process) throws Exception {
        String query = "SELECT " + COLUMNS + " FROM %s ORDER BY \"ID\"";
        List<String> expected;
        try (Connection connection = source.connectToPdbAsSystem(TIMESTAMPS_AS_JDBC)) {
            expected = TableContents.rowsOf(connection, query.formatted("SHOP.ORDERS"));
        }
        assertThat(expected).as("source rows, some with the added column set").anyMatch(row -> row.contains("|shop|"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
        List<String> actual = List.of();
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = target.connect("warehouse")) {
                actual = TableContents.rowsOf(connection, query.formatted("public.orders"));
            } catch (SQLException e) {
                actual = List.of("query failed: " + e.getMessage());
            }
            if (actual.equals(expected)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(500); // polling the target
        }
        throw new AssertionError("target orders still differs from the source after 300 s: " + TableContents.difference(expected, actual)
                + "\nwarnings and errors of the running tributary:\n" + process.problems());
    }

    /** Inserts, updates (version + 1) and deletes orders in small transactions until stopped. */
    private static final class Workload {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong transactions = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread = new Thread(this::write, "oracle-workload");
        private volatile boolean channelAdded;

        void start() {
            thread.start();
        }

        long transactions() {
            return transactions.get();
        }

        /** Runs DDL while no workload transaction is open: Oracle refuses DDL on a table another transaction holds (ORA-00054). */
        void pauseFor(Runnable ddl) {
            synchronized (this) {
                ddl.run();
                channelAdded = true;
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            assertThat(failure.get()).as("workload failure").isNull();
        }

        private void write() {
            Random random = new Random(5);
            int nextId = ORDERS + 1;
            try (Connection connection = source.connectToPdbAsSystem(TIMESTAMPS_AS_JDBC); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                while (running.get()) {
                    synchronized (this) {
                        for (int i = 0; i < 4; i++) {
                            int id = 1 + random.nextInt(nextId);
                            switch (random.nextInt(12)) {
                                case 0 -> statement.execute("INSERT INTO SHOP.ORDERS (ID, VERSION, CUSTOMER, AMOUNT, CREATED) VALUES ("
                                        + nextId++ + ", 1, 'new', 9.99, SYSTIMESTAMP)");
                                case 1 -> statement.execute("DELETE FROM SHOP.ORDERS WHERE ID = " + id);
                                default -> statement.execute("UPDATE SHOP.ORDERS SET VERSION = VERSION + 1, AMOUNT = AMOUNT + 0.01, "
                                        + "CREATED = SYSTIMESTAMP" + (channelAdded ? ", CHANNEL = 'shop'" : "") + " WHERE ID = " + id);
                            }
                        }
                        connection.commit();
                        transactions.incrementAndGet();
                    }
                    Thread.sleep(5); // a steady, not saturating, write rate
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }

    private static Properties timestampsAsJdbc() {
        Properties properties = new Properties();
        properties.setProperty("oracle.jdbc.J2EE13Compliant", "true");
        return properties;
    }
}
