package io.tributary.it;

import static io.tributary.it.BadInputCase.refusedByServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingMariaDbServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input of a MySQL/MariaDB source or a JDBC sink on MariaDB gets a clear error from both
 * {@code validate} and {@code run}, a non-zero exit, and creates no table in the target. One
 * server serves as source ({@code shop}) and target ({@code warehouse}); a second one runs
 * without a binary log.
 */
class MariaDbBadInputITCase {
    private static TestingMariaDbServer server;
    private static TestingMariaDbServer withoutBinlog;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        server = TestingMariaDbServer.start();
        withoutBinlog = TestingMariaDbServer.startWithoutBinlog();
        server.createDatabase("shop");
        server.createDatabase("warehouse");
        server.execute("shop",
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, note VARCHAR(100))",
                "CREATE TABLE places (id BIGINT PRIMARY KEY, spot POINT)",
                "INSERT INTO orders VALUES (1, 'one')");
        createUser(server, "cdc", "REPLICATION SLAVE, BINLOG MONITOR ON *.*", "SELECT ON shop.*");
        createUser(server, "noslave", "BINLOG MONITOR ON *.*", "SELECT ON shop.*");
        createUser(server, "nomonitor", "REPLICATION SLAVE ON *.*", "SELECT ON shop.*");
        createUser(server, "noselect", "REPLICATION SLAVE, BINLOG MONITOR ON *.*");
        createUser(server, "writer", "ALL PRIVILEGES ON warehouse.*");
        createUser(server, "viewer", "SELECT ON warehouse.*");
        withoutBinlog.createDatabase("shop");
        withoutBinlog.execute("shop", "CREATE TABLE orders (id BIGINT PRIMARY KEY)");
    }

    private static void createUser(TestingMariaDbServer on, String name, String... grants) {
        on.execute("mysql", "CREATE USER '" + name + "'@'%' IDENTIFIED BY 'right'");
        for (String grant : grants) {
            on.execute("mysql", "GRANT " + grant + " TO '" + name + "'@'%'");
        }
    }

    @AfterAll
    static void stopServers() {
        for (TestingMariaDbServer each : new TestingMariaDbServer[] {server, withoutBinlog}) {
            if (each != null) {
                each.close();
            }
        }
    }

    @AfterEach
    void nothingWasCreated() throws Exception {
        try (Connection connection = server.connect("warehouse"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'warehouse'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("tables in the target").isZero();
        }
        assertThat(work.resolve("state").resolve("checkpoints")).as("checkpoints of a pipeline that never ran").doesNotExist();
    }

    private static String pipeline(int port, String user, String password, String tables, String sinkUrl, String sinkUser, String sinkPassword) {
        return """
                source:
                  type: mysql
                  hostname: 127.0.0.1
                  port: %d
                  username: %s
                  password: %s
                  tables: %s
                  server-id: 5400
                sink:
                  type: jdbc
                  url: %s
                  username: %s
                  password: %s
                pipeline:
                  name: bad-input
                """.formatted(port, user, password, tables, sinkUrl, sinkUser, sinkPassword);
    }

    private static String source(int port, String user, String password, String tables) {
        return pipeline(port, user, password, tables, server.jdbcUrl("warehouse"), "writer", "right");
    }

    private static String source(String user, String tables) {
        return source(server.port(), user, "right", tables);
    }

    private static String sink(String url, String user, String password) {
        return pipeline(server.port(), "cdc", "right", "shop.orders", url, user, password);
    }

    static Stream<BadInputCase> badInputs() {
        return Stream.of(
                refusedByServer("source unreachable", source(1, "cdc", "right", "shop.orders"), "SOURCE_UNREACHABLE",
                        "127.0.0.1:1", "Check hostname and port"),
                refusedByServer("source wrong password", source(server.port(), "cdc", "wrong", "shop.orders"), "SOURCE_AUTHENTICATION_FAILED",
                        "'cdc'", "Check username and password"),
                refusedByServer("source database missing", source("cdc", "nodb.orders"), "SOURCE_NO_TABLES",
                        "nodb.orders", "Check the patterns"),
                refusedByServer("source role without REPLICATION SLAVE", source("noslave", "shop.orders"), "SOURCE_PRIVILEGE_MISSING",
                        "REPLICATION SLAVE", "GRANT REPLICATION SLAVE ON *.*"),
                refusedByServer("source role without BINLOG MONITOR", source("nomonitor", "shop.orders"), "SOURCE_PRIVILEGE_MISSING",
                        "BINLOG MONITOR", "GRANT BINLOG MONITOR ON *.*"),
                refusedByServer("source role without SELECT", source("noselect", "shop.orders"), "SOURCE_NO_TABLES",
                        "'noselect'", "has SELECT on the tables"),
                refusedByServer("source binary log off", source(withoutBinlog.port(), TestingMariaDbServer.ADMIN, TestingMariaDbServer.ADMIN_PASSWORD,
                        "shop.orders"), "SOURCE_MISCONFIGURED", "log_bin = OFF", "log-bin=", "binlog_format=ROW"),
                refusedByServer("unsupported column type", source("cdc", "shop.places"), "SOURCE_TYPE_UNSUPPORTED",
                        "spot", "point", "tables.exclude"),
                refusedByServer("sink unreachable", sink("jdbc:mariadb://127.0.0.1:1/warehouse", "writer", "right"), "SINK_UNREACHABLE",
                        "127.0.0.1:1", "check url"),
                refusedByServer("sink wrong password", sink(server.jdbcUrl("warehouse"), "writer", "wrong"), "SINK_AUTHENTICATION_FAILED",
                        "writer", "check the sink's username and password"),
                refusedByServer("sink database missing", sink(server.jdbcUrl("nodb"), "writer", "right"), "SINK_UNREACHABLE",
                        "nodb"),
                refusedByServer("sink role without CREATE", sink(server.jdbcUrl("warehouse"), "viewer", "right"), "SINK_PRIVILEGE_MISSING",
                        "viewer", "cannot create tables", "GRANT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRefusedByValidateAndRun(BadInputCase bad) throws Exception {
        bad.assertRefused(work, Map.of());
    }

    @Test
    void binlogFormatOtherThanRowIsRefused() throws Exception {
        withGlobal("binlog_format", "STATEMENT", "ROW", refusedByServer("binlog_format STATEMENT", source("cdc", "shop.orders"),
                "SOURCE_MISCONFIGURED", "binlog_format is STATEMENT", "SET GLOBAL binlog_format = 'ROW'"));
    }

    @Test
    void binlogRowImageOtherThanFullIsRefused() throws Exception {
        withGlobal("binlog_row_image", "MINIMAL", "FULL", refusedByServer("binlog_row_image MINIMAL", source("cdc", "shop.orders"),
                "SOURCE_MISCONFIGURED", "binlog_row_image is MINIMAL", "SET GLOBAL binlog_row_image = 'FULL'"));
    }

    private void withGlobal(String variable, String value, String restore, BadInputCase bad) throws Exception {
        server.execute("mysql", "SET GLOBAL " + variable + " = '" + value + "'");
        try {
            bad.assertRefused(work, Map.of());
        } finally {
            server.execute("mysql", "SET GLOBAL " + variable + " = '" + restore + "'");
        }
    }
}
