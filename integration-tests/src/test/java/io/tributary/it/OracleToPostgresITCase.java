package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.core.testing.TestingPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Oracle → PostgreSQL through the real command line in a separate JVM, on Oracle Database Free
 * 23ai in Docker: a snapshot of 100,000 rows while a thread inserts, updates and deletes, SIGKILL
 * during the snapshot and again while streaming, {@code ALTER TABLE ... ADD (column)} while
 * streaming, and at the end the target table equal to the source, no row twice. Where no Docker
 * engine runs it is reported as skipped.
 */
class OracleToPostgresITCase {
    static final String NO_DOCKER = "needs a Docker engine to run Oracle Database Free and none runs here";
    private static final int ORDERS = 100_000;
    private static final String COLUMNS = "\"ID\", \"VERSION\", \"CUSTOMER\", \"CHANNEL\", \"AMOUNT\", \"CREATED\"";
    private static OracleFree source;
    private static TestingPostgresServer target;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return; // the test is then reported as skipped, with the reason
        }
        source = OracleFree.start();
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
                """.formatted(source.host(), source.port(), OracleFree.CDB_SERVICE, OracleFree.CDC_USER, OracleFree.CDC_PASSWORD, target.port()));
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
        try (Connection connection = source.connectToPdbAsSystem()) {
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
            try (Connection connection = source.connectToPdbAsSystem(); Statement statement = connection.createStatement()) {
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

    /**
     * Oracle Database Free 23ai in Docker, made ready for LogMiner as the source's README tells a
     * DBA: archive log mode, minimal supplemental logging, and the common user C##CDC with the
     * privileges listed there. SYSTEM writes the test tables in pluggable database FREEPDB1.
     * OracleToKafkaITCase uses it too.
     */
    static final class OracleFree implements AutoCloseable {
        static final String IMAGE = "gvenzl/oracle-free:23-slim-faststart";
        static final String CDB_SERVICE = "FREE";
        static final String PDB = "FREEPDB1";
        static final String CDC_USER = "c##cdc";
        static final String CDC_PASSWORD = "Cdc12345";
        private static final String ADMIN_PASSWORD = "Tributary1";
        private static final int PORT = 1521;

        /** As SYSDBA in the root, with sqlplus: SHUTDOWN and STARTUP cannot run over JDBC. */
        private static final String PREPARE = """
                WHENEVER SQLERROR EXIT SQL.SQLCODE
                ALTER SYSTEM SET db_recovery_file_dest_size = 10G;
                ALTER SYSTEM SET db_recovery_file_dest = '/opt/oracle/oradata/recovery_area' SCOPE = SPFILE;
                SHUTDOWN IMMEDIATE
                STARTUP MOUNT
                ALTER DATABASE ARCHIVELOG;
                ALTER DATABASE OPEN;
                ALTER PLUGGABLE DATABASE ALL OPEN;
                ALTER DATABASE ADD SUPPLEMENTAL LOG DATA;
                CREATE TABLESPACE LOGMINER_TBS DATAFILE '/opt/oracle/oradata/FREE/logminer_tbs.dbf' SIZE 25M REUSE AUTOEXTEND ON MAXSIZE UNLIMITED;
                ALTER SESSION SET CONTAINER = FREEPDB1;
                CREATE TABLESPACE LOGMINER_TBS DATAFILE '/opt/oracle/oradata/FREE/FREEPDB1/logminer_tbs.dbf' SIZE 25M REUSE AUTOEXTEND ON MAXSIZE UNLIMITED;
                ALTER SESSION SET CONTAINER = CDB$ROOT;
                CREATE USER c##cdc IDENTIFIED BY Cdc12345 DEFAULT TABLESPACE LOGMINER_TBS QUOTA UNLIMITED ON LOGMINER_TBS CONTAINER = ALL;
                GRANT CREATE SESSION, SET CONTAINER, LOGMINING, SELECT ANY TRANSACTION, FLASHBACK ANY TABLE, SELECT ANY TABLE, SELECT ANY DICTIONARY TO c##cdc CONTAINER = ALL;
                GRANT SELECT ON V_$DATABASE TO c##cdc CONTAINER = ALL;
                GRANT SELECT ON V_$LOG TO c##cdc CONTAINER = ALL;
                GRANT SELECT ON V_$LOGFILE TO c##cdc CONTAINER = ALL;
                GRANT SELECT ON V_$ARCHIVED_LOG TO c##cdc CONTAINER = ALL;
                GRANT SELECT ON V_$LOGMNR_CONTENTS TO c##cdc CONTAINER = ALL;
                GRANT SELECT ON V_$LOGMNR_LOGS TO c##cdc CONTAINER = ALL;
                GRANT SELECT ON V_$TRANSACTION TO c##cdc CONTAINER = ALL;
                GRANT SELECT ON V_$THREAD TO c##cdc CONTAINER = ALL;
                GRANT SELECT ON V_$PDBS TO c##cdc CONTAINER = ALL;
                GRANT CREATE TABLE TO c##cdc CONTAINER = ALL;
                GRANT EXECUTE ON DBMS_LOGMNR TO c##cdc CONTAINER = ALL;
                GRANT EXECUTE ON DBMS_LOGMNR_D TO c##cdc CONTAINER = ALL;
                EXIT
                """;

        private final GenericContainer<?> container;

        private OracleFree(GenericContainer<?> container) {
            this.container = container;
        }

        /** Starts the container (minutes the first time: the image is about 1.5 GB) and prepares it. */
        static OracleFree start() {
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withEnv("ORACLE_PASSWORD", ADMIN_PASSWORD)
                    .withExposedPorts(PORT).waitingFor(Wait.forLogMessage(".*DATABASE IS READY TO USE!.*\\n", 1)
                            .withStartupTimeout(Duration.ofMinutes(10)));
            container.start();
            OracleFree server = new OracleFree(container);
            try {
                server.run("mkdir", "-p", "/opt/oracle/oradata/recovery_area");
                container.copyFileToContainer(Transferable.of(PREPARE), "/tmp/tributary-prepare.sql");
                server.run("bash", "-c", "sqlplus -s / as sysdba @/tmp/tributary-prepare.sql");
            } catch (RuntimeException e) {
                container.stop();
                throw e;
            }
            return server;
        }

        private void run(String... command) {
            try {
                ExecResult result = container.execInContainer(command);
                if (result.getExitCode() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.getExitCode() + "):\n"
                            + result.getStdout() + result.getStderr());
                }
            } catch (IOException e) {
                throw new IllegalStateException("could not run " + String.join(" ", command) + " in the container: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while preparing the database", e);
            }
        }

        String host() {
            return container.getHost();
        }

        int port() {
            return container.getMappedPort(PORT);
        }

        /** SYSTEM in FREEPDB1; TIMESTAMP and DATE values read as java.sql.Timestamp, as TableContents renders them. */
        Connection connectToPdbAsSystem() throws SQLException {
            Properties properties = new Properties();
            properties.setProperty("user", "system");
            properties.setProperty("password", ADMIN_PASSWORD);
            properties.setProperty("oracle.jdbc.J2EE13Compliant", "true");
            return DriverManager.getConnection("jdbc:oracle:thin:@//" + host() + ":" + port() + "/" + PDB, properties);
        }

        /** A schema (a user) of FREEPDB1 for test tables. */
        void createSchema(String name) {
            execute("CREATE USER " + name + " IDENTIFIED BY Schema12345 QUOTA UNLIMITED ON USERS");
        }

        /** Runs statements in FREEPDB1 as SYSTEM, autocommit on. */
        void execute(String... sql) {
            try (Connection connection = connectToPdbAsSystem(); Statement statement = connection.createStatement()) {
                statement.execute("ALTER SESSION SET DDL_LOCK_TIMEOUT = 30");
                for (String each : sql) {
                    statement.execute(each);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
