package io.tributary.source.oracle;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Oracle Database Free 23ai in Docker, made ready for LogMiner as the source's README tells a DBA:
 * archive log mode, minimal supplemental logging, and the common user C##CDC with the privileges
 * listed there. SYSTEM (password {@link #ADMIN_PASSWORD}) writes the test tables in pluggable
 * database {@link #PDB}. The source contract and the end-to-end tests of integration-tests share it.
 */
public final class OracleFreeServer implements AutoCloseable {
    public static final String IMAGE = "gvenzl/oracle-free:23-slim-faststart";
    public static final String CDB_SERVICE = "FREE";
    public static final String PDB = "FREEPDB1";
    public static final String ADMIN_PASSWORD = "Tributary1";
    public static final String CDC_USER = "c##cdc";
    public static final String CDC_PASSWORD = "Cdc12345";
    private static final int PORT = 1521;

    /**
     * Run as SYSDBA in the root with sqlplus: SHUTDOWN and STARTUP cannot run over JDBC. The
     * grants are those LogMiningPrerequisites checks, then what Debezium's connector also needs
     * (its LOG_MINING_FLUSH table and the LogMiner packages), as the README lists them.
     */
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

    private OracleFreeServer(GenericContainer<?> container) {
        this.container = container;
    }

    /** Starts the container (a few minutes the first time: the image is about 1.5 GB) and prepares it. */
    public static OracleFreeServer start() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withEnv("ORACLE_PASSWORD", ADMIN_PASSWORD)
                .withExposedPorts(PORT).waitingFor(Wait.forLogMessage(".*DATABASE IS READY TO USE!.*\\n", 1)
                        .withStartupTimeout(Duration.ofMinutes(10)));
        container.start();
        OracleFreeServer server = new OracleFreeServer(container);
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

    public String host() {
        return container.getHost();
    }

    public int port() {
        return container.getMappedPort(PORT);
    }

    /** SYSTEM in the pluggable database, where the test tables live. */
    public Connection connectToPdbAsSystem() throws SQLException {
        return connectToPdbAsSystem(new Properties());
    }

    /** SYSTEM in the pluggable database, with more driver properties (e.g. {@code oracle.jdbc.J2EE13Compliant}). */
    public Connection connectToPdbAsSystem(Properties driverProperties) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(driverProperties);
        properties.setProperty("user", "system");
        properties.setProperty("password", ADMIN_PASSWORD);
        return DriverManager.getConnection("jdbc:oracle:thin:@//" + host() + ":" + port() + "/" + PDB, properties);
    }

    /** A schema (a user) of the pluggable database for test tables. */
    public void createSchema(String name) {
        execute("CREATE USER " + name + " IDENTIFIED BY Schema12345 QUOTA UNLIMITED ON USERS");
    }

    /** Runs statements in the pluggable database as SYSTEM, autocommit on. */
    public void execute(String... sql) {
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
