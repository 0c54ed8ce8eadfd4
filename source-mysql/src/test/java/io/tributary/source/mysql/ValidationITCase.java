package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.spi.ValidationReport;
import io.tributary.core.testing.TestingMariaDbServer;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every misconfiguration a user can make fails validation with a clear message, against a real MariaDB. */
class ValidationITCase {
    private static TestingMariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = TestingMariaDbServer.start();
        server.createDatabase("shop");
        server.execute("shop", "CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(10))", "CREATE TABLE audit (msg TEXT)",
                "CREATE USER 'plain'@'%' IDENTIFIED BY 'plain'", "GRANT SELECT ON shop.* TO 'plain'@'%'",
                "CREATE USER 'cdc'@'%' IDENTIFIED BY 'cdc'", "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cdc'@'%'");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static ValidationReport validate(Map<String, String> settings) {
        return new MySqlSourceValidator(new MySqlDialect(MariaDbTestSettings.options(settings))).validate();
    }

    private static void assertFails(ThrowingCallable call, ErrorCode code, String... phrases) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TributaryException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(phrases);
        });
    }

    @Test
    void reportsTheServerAndTheTables() {
        ValidationReport report = validate(MariaDbTestSettings.snapshotOf(server, "shop.\\.*"));
        assertThat(report.findings()).anySatisfy(f -> assertThat(f).startsWith("server: MariaDB 11.4"));
        assertThat(report.findings()).anySatisfy(f -> assertThat(f).contains("shop.orders").contains("key [id]"));
        assertThat(report.findings()).anySatisfy(f -> assertThat(f).contains("shop.audit").contains("no primary key, read as one chunk"));
    }

    @Test
    void wrongPasswordSaysToCheckTheCredentials() {
        Map<String, String> settings = MariaDbTestSettings.snapshotOf(server, "shop.orders");
        settings.put("password", "wrong");
        assertFails(() -> validate(settings), ErrorCode.SOURCE_AUTHENTICATION_FAILED, "rejected user 'admin'", "Check username and password");
    }

    @Test
    void unreachableHostSaysWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = MariaDbTestSettings.snapshotOf(server, "shop.orders");
        settings.put("port", Integer.toString(closedPort));
        settings.put("connect.timeout", "2s");
        assertFails(() -> validate(settings), ErrorCode.SOURCE_UNREACHABLE, "Cannot connect to MySQL/MariaDB at 127.0.0.1:" + closedPort,
                "Check hostname and port");
    }

    @Test
    void patternMatchingNoTableIsRefused() {
        assertFails(() -> validate(MariaDbTestSettings.snapshotOf(server, "shop.nothing_\\.*")), ErrorCode.SOURCE_NO_TABLES, "No table",
                "shop.nothing_");
    }

    @Test
    void binlogFormatOtherThanRowIsRefused() throws Exception {
        server.execute("mysql", "SET GLOBAL binlog_format = 'STATEMENT'");
        try {
            assertFails(this::checkBinlogAsAdmin, ErrorCode.SOURCE_MISCONFIGURED, "binlog_format is STATEMENT", "needs ROW");
        } finally {
            server.execute("mysql", "SET GLOBAL binlog_format = 'ROW'");
        }
    }

    @Test
    void partialRowImagesAreRefused() throws Exception {
        server.execute("mysql", "SET GLOBAL binlog_row_image = 'MINIMAL'");
        try {
            assertFails(this::checkBinlogAsAdmin, ErrorCode.SOURCE_MISCONFIGURED, "binlog_row_image is MINIMAL", "needs FULL");
        } finally {
            server.execute("mysql", "SET GLOBAL binlog_row_image = 'FULL'");
        }
    }

    @Test
    void missingReplicationPrivilegesAreNamedWithTheGrantToRun() throws Exception {
        assertFails(() -> checkBinlogAs("plain", "plain"), ErrorCode.SOURCE_PRIVILEGE_MISSING, "lacks REPLICATION SLAVE and BINLOG MONITOR",
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO plain@%");
        checkBinlogAs("cdc", "cdc");
        checkBinlogAsAdmin();
    }

    private void checkBinlogAsAdmin() throws Exception {
        checkBinlogAs(TestingMariaDbServer.ADMIN, TestingMariaDbServer.ADMIN_PASSWORD);
    }

    private void checkBinlogAs(String user, String password) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("shop"), user, password)) {
            BinlogSettingsCheck.require(connection, io.tributary.source.mysql.catalog.ServerInfo.load(connection), "test server");
        }
    }
}
