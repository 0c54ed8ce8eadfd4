package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MariaDB → PostgreSQL and MariaDB → MariaDB through the real command line in a separate JVM: a
 * snapshot of more than 100,000 rows under concurrent writes, SIGKILL during the snapshot and
 * again while streaming, DDL (add, rename and widen a column) and a new table in the middle of
 * streaming, and at the end every table of the target equal to the source, with two readers and
 * two sink writers.
 */
class MariaDbToJdbcITCase {
    private static final int ORDERS = 120_000;
    private static TestingMariaDbServer source;
    private static Target target;

    @TempDir
    Path work;

    /** The target database: PostgreSQL or MariaDB, each holding database "warehouse". */
    private interface Target extends AutoCloseable {
        Connection connect(String database) throws SQLException;

        String sinkBlock();

        @Override
        void close();
    }

    @BeforeAll
    static void startSource() {
        source = TestingMariaDbServer.start();
        source.execute("mysql",
                "CREATE USER 'cdc'@'%' IDENTIFIED BY 'cdc-secret'",
                "CREATE USER 'cdc'@'localhost' IDENTIFIED BY 'cdc-secret'",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cdc'@'%'",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cdc'@'localhost'");
    }

    private static void createSourceTables() {
        source.execute("mysql", "DROP DATABASE IF EXISTS shop");
        source.createDatabase("shop");
        source.execute("shop",
                "CREATE TABLE orders (id INT PRIMARY KEY, version INT NOT NULL, customer VARCHAR(40) NOT NULL, amount DECIMAL(10,2), "
                        + "created DATETIME(3) NOT NULL, flags BIGINT UNSIGNED)",
                "INSERT INTO orders SELECT seq, 1, CONCAT('customer-', seq % 977), seq / 100, '2024-05-01 12:00:00.007', seq * 3 FROM seq_1_to_" + ORDERS,
                "CREATE TABLE regions (code VARCHAR(8) PRIMARY KEY, name VARCHAR(40) CHARACTER SET utf8mb4)",
                "INSERT INTO regions VALUES ('de-by', 'Bayern'), ('fr-idf', 'Île-de-France'), ('jp-13', '東京都')",
                "ANALYZE TABLE orders");
    }

    private static Target startTarget(String kind) {
        if (kind.equals("postgres")) {
            TestingPostgresServer postgres = TestingPostgresServer.start();
            postgres.createDatabase("warehouse");
            return new Target() {
                public Connection connect(String database) throws SQLException {
                    return postgres.connect(database);
                }

                public String sinkBlock() {
                    return "url: jdbc:postgresql://127.0.0.1:" + postgres.port() + "/warehouse\n  username: postgres\n  password: unused";
                }

                public void close() {
                    postgres.close();
                }
            };
        }
        TestingMariaDbServer mariadb = TestingMariaDbServer.start();
        mariadb.createDatabase("warehouse");
        return new Target() {
            public Connection connect(String database) throws SQLException {
                return mariadb.connect(database);
            }

            public String sinkBlock() {
                return "url: jdbc:mariadb://127.0.0.1:" + mariadb.port() + "/warehouse\n  username: " + TestingMariaDbServer.ADMIN
                        + "\n  password: " + TestingMariaDbServer.ADMIN_PASSWORD;
            }

            public void close() {
                mariadb.close();
            }
        };
    }

    @AfterEach
    void stopTarget() {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @ParameterizedTest(name = "MariaDB to {0}")
    @ValueSource(strings = {"postgres", "mariadb"})
    void survivesKillsAndCarriesSchemaChangesToTheTarget(String targetKind) throws Exception {
        createSourceTables();
        target = startTarget(targetKind);
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
                second.awaitOutput("Resuming mysql source: \\d+ tables, (\\d+) chunks finished", Duration.ofSeconds(90));
                second.awaitOutput("Streaming changes from the log", Duration.ofSeconds(240));
                workload.pauseFor(() -> source.execute("shop",
                        "ALTER TABLE orders ADD COLUMN channel VARCHAR(12) AFTER customer",
                        "ALTER TABLE orders CHANGE customer buyer VARCHAR(80) NOT NULL",
                        "CREATE TABLE returns (id INT PRIMARY KEY, order_id INT NOT NULL, reason TEXT)",
                        "INSERT INTO returns VALUES (1, 10, 'damaged'), (2, 20, 'late')"));
                Thread.sleep(3_000); // let the workload write rows with the new columns before the kill
                second.kill();
            }

            try (TributaryProcess third = TributaryProcess.start(work.resolve("run-3.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
                third.awaitOutput("Resuming mysql source", Duration.ofSeconds(90));
                source.execute("shop", "INSERT INTO returns VALUES (3, 30, 'wrong size')", "UPDATE returns SET reason = 'broken' WHERE id = 1");
                Thread.sleep(2_000);
                workload.stop();
                assertThat(workload.transactions()).isGreaterThan(100);

                awaitEqual(third, "orders", "SELECT id, version, buyer, channel, amount, created, flags FROM shop.orders ORDER BY id");
                awaitEqual(third, "regions", "SELECT code, name FROM shop.regions ORDER BY code");
                awaitEqual(third, "returns", "SELECT id, order_id, reason FROM shop.returns ORDER BY id");
                assertThat(third.output()).doesNotContain("Reading chunk");
                int exit = third.terminate(Duration.ofSeconds(120));
                assertThat(exit).as("exit code after SIGTERM (143 is the JVM's code for a SIGTERM-initiated exit)").isIn(0, 143);
            }
        } finally {
            workload.stop();
        }
    }

    private Path writePipeline() throws Exception {
        Path file = work.resolve("shop-to-warehouse.yaml");
        Files.writeString(file, """
                source:
                  type: mysql
                  hostname: 127.0.0.1
                  port: %d
                  username: cdc
                  password: cdc-secret
                  tables: shop.\\.*
                  server-id: 5400-5401
                  server-time-zone: UTC
                  scan.startup.mode: initial
                  scan.incremental.snapshot.chunk.size: 4000
                sink:
                  type: jdbc
                  %s
                pipeline:
                  name: shop-to-warehouse
                  parallelism: 2
                  execution.checkpointing.interval: 1s
                  # the renamed column must be renamed in the target (lenient would add it beside the old one)
                  schema.change.behavior: evolve
                """.formatted(source.port(), target.sinkBlock()));
        return file;
    }

    private static void awaitTargetRows(TributaryProcess process, int rows) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            if (count("SELECT count(*) FROM shop.orders") >= rows) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(50); // polling the target
        }
        throw new AssertionError("the snapshot did not reach " + rows + " rows within 3 minutes:\n" + process.tail());
    }

    private static long count(String sql) {
        try (Connection connection = target.connect("warehouse"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // the table is not created yet
        }
    }

    /** Waits until the target's rows, as text, equal the source's; the query is valid on both. */
    private static void awaitEqual(TributaryProcess process, String table, String query) throws Exception {
        List<String> expected = rows(source::connect, "shop", query);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        List<String> actual = List.of();
        while (Instant.now().isBefore(deadline)) {
            actual = rows(target::connect, "warehouse", query);
            if (actual.equals(expected)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            Thread.sleep(200); // polling the target
        }
        throw new AssertionError("target " + table + " still differs from the source after 240 s: " + TableContents.difference(expected, actual)
                + "\nwarnings and errors of the running tributary:\n" + process.problems());
    }

    private interface Connector {
        Connection connect(String database) throws SQLException;
    }

    private static List<String> rows(Connector connector, String database, String query) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connector.connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            Function<Integer, String> text = i -> {
                try {
                    Object value = rs.getObject(i);
                    if (value instanceof java.math.BigDecimal decimal) {
                        return decimal.stripTrailingZeros().toPlainString();
                    }
                    if (value instanceof java.sql.Timestamp || value instanceof java.time.LocalDateTime) {
                        return rs.getObject(i, java.time.LocalDateTime.class).toString();
                    }
                    return value == null ? "null" : value.toString();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(text.apply(i));
                }
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            rows.add("query failed: " + e.getMessage());
        }
        return rows;
    }

    /** Inserts, updates (version + 1) and deletes orders in small transactions until stopped. */
    private static final class Workload {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicBoolean paused = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicLong transactions = new java.util.concurrent.atomic.AtomicLong();
        private final Thread thread = new Thread(this::write, "mariadb-workload");

        void start() {
            thread.start();
        }

        long transactions() {
            return transactions.get();
        }

        /** Runs DDL while no workload transaction is open, so the statements do not wait on its locks. */
        void pauseFor(Runnable ddl) throws InterruptedException {
            synchronized (this) {
                paused.set(true);
                ddl.run();
                paused.set(false);
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
            try (Connection connection = source.connect("shop"); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                while (running.get()) {
                    synchronized (this) {
                        boolean renamed = columnExists(statement, "buyer");
                        String person = renamed ? "buyer" : "customer";
                        for (int i = 0; i < 4; i++) {
                            int id = 1 + random.nextInt(nextId);
                            switch (random.nextInt(12)) {
                                case 0 -> statement.execute("INSERT INTO orders (id, version, " + person + ", amount, created, flags) VALUES ("
                                        + nextId++ + ", 1, 'new', 9.99, NOW(3), 18446744073709551615)");
                                case 1 -> statement.execute("DELETE FROM orders WHERE id = " + id);
                                default -> statement.execute("UPDATE orders SET version = version + 1, amount = amount + 0.01, created = NOW(3)"
                                        + (renamed ? ", channel = 'shop', buyer = CONCAT('renamed-', id)" : "") + " WHERE id = " + id);
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

        private static boolean columnExists(Statement statement, String column) throws SQLException {
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'shop' "
                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = '" + column + "'")) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
