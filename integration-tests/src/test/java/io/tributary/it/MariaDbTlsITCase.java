package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.source.mysql.binlog.BinlogTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mysql source (its snapshot connections and its binlog connection) and the JDBC sink over TLS
 * to MariaDB with {@code sslMode=verify-full}, against a server whose certificate an authority
 * made by the test signed and whose pipeline accounts are {@code REQUIRE SSL}, so nothing reaches
 * it unencrypted. One server holds both the source database and the target database. A root
 * certificate of another authority is refused. Needs the {@code openssl} command; skipped without it.
 */
class MariaDbTlsITCase {
    @TempDir
    static Path certificateDirectory;

    private static TestCertificates certificates;
    private static TestingMariaDbServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void startServerWithTls() throws Exception {
        assumeTrue(TestCertificates.available(certificateDirectory), "the openssl command is needed to make the test's certificate authority");
        certificates = TestCertificates.make(certificateDirectory);
        server = TestingMariaDbServer.startWith(List.of("--ssl-cert=" + certificates.serverCertificate(), "--ssl-key=" + certificates.serverKey(),
                "--ssl-ca=" + certificates.authority()));
        server.createDatabase("shop");
        server.createDatabase("warehouse");
        server.execute("shop", "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40))",
                "INSERT INTO items SELECT seq, CONCAT('item ', seq) FROM seq_1_to_100");
        for (String host : List.of("%", "localhost")) {
            server.execute("mysql",
                    "CREATE USER 'cdc'@'" + host + "' IDENTIFIED BY 'tls-right' REQUIRE SSL",
                    "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cdc'@'" + host + "'",
                    "CREATE USER 'writer'@'" + host + "' IDENTIFIED BY 'tls-right' REQUIRE SSL",
                    "GRANT ALL PRIVILEGES ON warehouse.* TO 'writer'@'" + host + "'");
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theAccountsAreRefusedWithoutTls() {
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("shop"), "cdc", "tls-right").close())
                .as("REQUIRE SSL in force").isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
    }

    @Test
    void snapshotAndBinlogArriveOverVerifiedTls() throws Exception {
        Path file = Files.writeString(work.resolve("tls.yaml"), pipeline(certificates.authority(), certificates.authority()));
        CliOutcome validate = CliOutcome.execute(Map.of(), "validate", file.toString(), "--state-dir", work.resolve("state").toString());
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("binlog connection: TLS", "table shop.items", "MariaDB");

        try (TributaryProcess run = TributaryProcess.start(work.resolve("run.log"), "run", file.toString(), "--state-dir",
                work.resolve("state").toString())) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(60));
            run.awaitNoDifference("the snapshot in the target", () -> difference(100), Duration.ofSeconds(30));
            server.execute("shop", "INSERT INTO items SELECT seq, CONCAT('new item ', seq) FROM seq_101_to_110",
                    "UPDATE items SET name = 'renamed' WHERE id = 1");
            run.awaitNoDifference("the binlog's changes in the target", () -> difference(110), Duration.ofSeconds(30));
            assertThat(run.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    @Test
    void aServerCertificateOfAnotherAuthorityIsRefusedOnEitherSide() throws Exception {
        assertRefused(pipeline(certificates.otherAuthority(), certificates.authority()), "SOURCE_UNREACHABLE", "jdbc.properties.*: serverSslCert");
        assertRefused(pipeline(certificates.authority(), certificates.otherAuthority()), "SINK_UNREACHABLE", "the url: sslMode", "serverSslCert");
    }

    /** validate and run both end with exit code 1 and an error naming TLS and the options to check. */
    private void assertRefused(String yaml, String code, String... says) throws Exception {
        Path file = Files.writeString(work.resolve("tls.yaml"), yaml);
        for (String command : List.of("validate", "run")) {
            CliOutcome outcome = CliOutcome.execute(Map.of(), command, file.toString(), "--state-dir", work.resolve("state").toString());
            System.out.println(command + " with another authority: " + outcome.err().strip());
            assertThat(outcome.exitCode()).as(command + ": " + outcome.err()).isEqualTo(1);
            assertThat(outcome.err()).as(command).startsWith("error: [" + code + "]").contains("TLS handshake failed").contains(says);
        }
    }

    @Test
    void theBinlogConnectionVerifiesTheServerAgainstTheSameAuthority() throws Exception {
        BinaryLogClient trusting = binlogClient(certificates.authority());
        trusting.connect(10_000);
        assertThat(trusting.isConnected()).as("binlog connection over TLS, server certificate verified").isTrue();
        trusting.disconnect();

        BinaryLogClient distrusting = binlogClient(certificates.otherAuthority());
        assertThatThrownBy(() -> distrusting.connect(10_000)).as("a server certificate the configured authority did not sign")
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX path building failed");
    }

    private static BinaryLogClient binlogClient(Path authority) {
        BinaryLogClient client = new BinaryLogClient("localhost", server.port(), "cdc", "tls-right");
        client.setServerId(6501);
        client.setKeepAlive(false);
        BinlogTls.from("localhost", server.port(), Map.of("sslMode", "verify-full", "serverSslCert", authority.toString())).applyTo(client);
        return client;
    }

    /** Empty when warehouse.items holds {@code rows} rows equal to shop.items; else what differs. */
    private static String difference(int rows) {
        try (Connection connection = server.connect("mysql"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM warehouse.items), (SELECT count(*) FROM shop.items s "
                        + "JOIN warehouse.items w USING (id) WHERE s.name = w.name)")) {
            rs.next();
            return rs.getInt(1) == rows && rs.getInt(2) == rows ? "" : rs.getInt(1) + " rows in the target, " + rs.getInt(2) + " equal, expected " + rows;
        } catch (SQLException e) {
            return e.getMessage(); // the target table is not created yet
        }
    }

    private String pipeline(Path sourceAuthority, Path sinkAuthority) {
        return """
                source:
                  type: mysql
                  hostname: localhost
                  port: %d
                  username: cdc
                  password: tls-right
                  tables: shop.items
                  server-id: 6401
                  jdbc.properties.sslMode: verify-full
                  jdbc.properties.serverSslCert: %s
                sink:
                  type: jdbc
                  url: jdbc:mariadb://localhost:%d/warehouse?sslMode=verify-full&serverSslCert=%s
                  username: writer
                  password: tls-right
                route:
                  - source-table: shop.items
                    sink-table: warehouse.items
                pipeline:
                  name: mariadb-tls
                  execution.checkpointing.interval: 1s
                """.formatted(server.port(), sourceAuthority, server.port(), sinkAuthority);
    }
}
