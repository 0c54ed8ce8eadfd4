package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL source and JDBC sink over TLS with {@code sslmode=verify-full}, against servers whose
 * certificate a certificate authority made by the test signed, and whose {@code pg_hba.conf}
 * accepts the pipeline's users only over TLS ({@code hostssl}). A root certificate of another
 * authority is refused. Needs the {@code openssl} command; skipped without it.
 */
class PostgresTlsITCase {
    @TempDir
    static Path certificateDirectory;

    private static TestCertificates certificates;

    private static TestingPostgresServer source;
    private static TestingPostgresServer target;

    @TempDir
    Path work;

    @BeforeAll
    static void startServersWithTls() throws Exception {
        assumeTrue(TestCertificates.available(certificateDirectory), "the openssl command is needed to make the test's certificate authority");
        certificates = TestCertificates.make(certificateDirectory);
        source = TestingPostgresServer.start();
        target = TestingPostgresServer.start();
        source.createDatabase("shop");
        source.execute("postgres", "CREATE ROLE cdc LOGIN REPLICATION PASSWORD 'tls-right'");
        source.execute("shop", "CREATE TABLE items (id bigint PRIMARY KEY, name text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g",
                "ALTER TABLE items OWNER TO cdc", "GRANT CREATE ON DATABASE shop TO cdc");
        target.createDatabase("warehouse");
        target.execute("postgres", "CREATE ROLE writer LOGIN PASSWORD 'tls-right'");
        target.execute("warehouse", "GRANT CREATE ON SCHEMA public TO writer");
        for (TestingPostgresServer server : List.of(source, target)) {
            requireTls(server);
        }
    }

    @AfterAll
    static void stopServers() {
        for (TestingPostgresServer server : new TestingPostgresServer[] {source, target}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void verifyFullValidatesAndCopiesOverTls() throws Exception {
        Path file = Files.writeString(work.resolve("tls.yaml"), pipeline(certificates.authority(), "initial"));
        CliOutcome validate = execute("validate", file);
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("replication connection: allowed", "table shop.public.items");

        Files.writeString(file, pipeline(certificates.authority(), "snapshot"));
        CliOutcome run = execute("run", file);
        assertThat(run.exitCode()).as(run.err()).isZero();
        try (Connection connection = target.connect("warehouse"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows copied over TLS").isEqualTo(100);
        }
        try (Connection connection = source.connect("shop"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = 'cdc'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("no session of the pipeline left open").isZero();
        }
    }

    @Test
    void aServerCertificateOfAnotherAuthorityIsRefused() throws Exception {
        Path file = Files.writeString(work.resolve("tls.yaml"), pipeline(certificates.otherAuthority(), "initial"));
        for (String command : List.of("validate", "run")) {
            CliOutcome outcome = execute(command, file);
            assertThat(outcome.exitCode()).as(command + ": " + outcome.err()).isEqualTo(1);
            assertThat(outcome.err()).as(command).contains("SOURCE_UNREACHABLE", "TLS", "sslrootcert");
        }
    }

    private String pipeline(Path rootCertificate, String startupMode) {
        return """
                source:
                  type: postgres
                  hostname: localhost
                  port: %d
                  username: cdc
                  password: tls-right
                  tables: shop.public.items
                  slot.name: tls
                  scan.startup.mode: %s
                  jdbc.properties.sslmode: verify-full
                  jdbc.properties.sslrootcert: %s
                sink:
                  type: jdbc
                  url: jdbc:postgresql://localhost:%d/warehouse?sslmode=verify-full&sslrootcert=%s
                  username: writer
                  password: tls-right
                pipeline:
                  name: tls
                """.formatted(source.port(), startupMode, rootCertificate, target.port(), rootCertificate);
    }

    private CliOutcome execute(String command, Path file) {
        return CliOutcome.execute(Map.of(), command, file.toString(), "--state-dir", work.resolve("state").toString());
    }

    /** Turns TLS on (a reload suffices since PostgreSQL 10) and lets the pipeline's users in over TLS only. */
    private static void requireTls(TestingPostgresServer server) throws Exception {
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET ssl_cert_file = '" + certificates.serverCertificate() + "'");
            statement.execute("ALTER SYSTEM SET ssl_key_file = '" + certificates.serverKey() + "'");
            statement.execute("ALTER SYSTEM SET ssl = on");
            String hbaFile;
            try (ResultSet rs = statement.executeQuery("SHOW hba_file")) {
                rs.next();
                hbaFile = rs.getString(1);
            }
            Files.writeString(Path.of(hbaFile), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "hostssl all all 127.0.0.1/32 scram-sha-256",
                    "hostssl replication all 127.0.0.1/32 scram-sha-256",
                    ""));
            statement.execute("SELECT pg_reload_conf()");
            Thread.sleep(500);
            try (ResultSet rs = statement.executeQuery("SHOW ssl")) {
                rs.next();
                assertThat(rs.getString(1)).as("ssl after reload").isEqualTo("on");
            }
        }
    }
}
