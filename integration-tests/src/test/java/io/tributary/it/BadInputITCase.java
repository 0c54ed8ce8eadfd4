package io.tributary.it;

import static io.tributary.it.BadInputCase.refusedAsConfiguration;
import static io.tributary.it.BadInputCase.refusedByServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.TributaryCli;
import io.tributary.core.testing.TestingPostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
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
import picocli.CommandLine;

/**
 * Every bad input of a PostgreSQL source or a JDBC sink on PostgreSQL gets a clear error from both
 * {@code validate} and {@code run}, a non-zero exit, and leaves source and target untouched (no
 * slot, no publication, no table). The pipeline file's own mistakes are in
 * {@code BadPipelineFileTest} (pipeline-yaml); MariaDB and Kafka in their own classes.
 */
class BadInputITCase {
    private static TestingPostgresServer source;
    private static TestingPostgresServer replicaLevelServer;
    private static TestingPostgresServer target;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        source = TestingPostgresServer.start();
        replicaLevelServer = TestingPostgresServer.start(false);
        target = TestingPostgresServer.start();
        source.requirePasswords();
        source.createDatabase("appdb");
        source.createUser("cdc", "right", "REPLICATION");
        source.createUser("reader", "right", "");
        source.createUser("streamer", "right", "REPLICATION");
        source.execute("appdb",
                "CREATE TABLE orders (id bigint PRIMARY KEY, note text)",
                "CREATE TABLE loose (a integer, b text)",
                "CREATE TABLE odd (id bigint PRIMARY KEY, span interval)",
                "CREATE TABLE hidden (id bigint PRIMARY KEY)",
                "ALTER TABLE hidden REPLICA IDENTITY NOTHING",
                "CREATE TABLE private_notes (id bigint PRIMARY KEY, note text)",
                "INSERT INTO orders VALUES (1, 'one')",
                "GRANT SELECT ON orders, loose, odd, hidden TO cdc, reader, streamer",
                "GRANT CREATE ON DATABASE appdb TO cdc",
                "ALTER TABLE orders OWNER TO cdc",
                "ALTER TABLE hidden OWNER TO cdc");
        replicaLevelServer.createDatabase("appdb");
        replicaLevelServer.execute("appdb", "CREATE TABLE orders (id bigint PRIMARY KEY)");
        target.requirePasswords();
        target.createDatabase("replica");
        target.createUser("writer", "right", "");
        target.createUser("viewer", "right", "");
        target.execute("replica", "REVOKE CREATE ON SCHEMA public FROM PUBLIC", "GRANT CREATE ON SCHEMA public TO writer");
    }

    @AfterAll
    static void stopServers() {
        for (TestingPostgresServer server : new TestingPostgresServer[] {source, replicaLevelServer, target}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @AfterEach
    void nothingWasCreated() throws Exception {
        try (Connection connection = source.connect("appdb"); Statement statement = connection.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM pg_replication_slots")).as("replication slots on the source").isZero();
            assertThat(count(statement, "SELECT count(*) FROM pg_publication")).as("publications on the source").isZero();
        }
        try (Connection connection = target.connect("replica"); Statement statement = connection.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).as("tables in the target").isZero();
        }
        assertThat(work.resolve("state").resolve("checkpoints")).as("checkpoints of a pipeline that never ran").doesNotExist();
    }

    private static int count(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String pipeline(int port, String user, String password, String tables, String sinkUrl, String sinkUser, String sinkPassword) {
        return """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: %s
                  password: %s
                  tables: %s
                  slot.name: bad_input
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
        return pipeline(port, user, password, tables, target.jdbcUrl("replica"), "writer", "right");
    }

    private static String source(String user, String tables) {
        return source(source.port(), user, "right", tables);
    }

    private static String sink(String url, String user, String password) {
        return pipeline(source.port(), "cdc", "right", "appdb.public.orders", url, user, password);
    }

    static Stream<BadInputCase> badInputs() {
        return Stream.of(
                refusedByServer("source unreachable", source(1, "cdc", "right", "appdb.public.orders"), "SOURCE_UNREACHABLE",
                        "127.0.0.1:1", "Check hostname and port"),
                refusedByServer("source wrong password", source(source.port(), "cdc", "wrong", "appdb.public.orders"), "SOURCE_AUTHENTICATION_FAILED",
                        "'cdc'", "Check username and password"),
                refusedByServer("source unknown user", source(source.port(), "nobody", "right", "appdb.public.orders"), "SOURCE_AUTHENTICATION_FAILED",
                        "'nobody'", "Check username and password"),
                refusedAsConfiguration("source database missing", source("cdc", "nodb.public.orders"), "CONFIG_INVALID",
                        "no database 'nodb'", "first part of the 'tables' patterns"),
                refusedByServer("source wal_level not logical", source(replicaLevelServer.port(), "postgres", "unused", "appdb.public.orders"),
                        "SOURCE_MISCONFIGURED", "wal_level", "ALTER SYSTEM SET wal_level = logical"),
                refusedByServer("source role without REPLICATION", source("reader", "appdb.public.orders"), "SOURCE_PRIVILEGE_MISSING",
                        "REPLICATION", "ALTER ROLE"),
                refusedByServer("source role without SELECT", source("cdc", "appdb.public.private_notes"), "SOURCE_PRIVILEGE_MISSING",
                        "private_notes", "GRANT SELECT ON"),
                refusedByServer("source role that may not create the publication", source("streamer", "appdb.public.orders"),
                        "SOURCE_PRIVILEGE_MISSING", "may not create it", "CREATE PUBLICATION"),
                refusedByServer("tables pattern matching nothing", source("cdc", "appdb.public.nothing_like_this"), "SOURCE_NO_TABLES",
                        "nothing_like_this", "Existing tables include"),
                refusedByServer("keyless table without REPLICA IDENTITY FULL", source("cdc", "appdb.public.loose"), "SOURCE_TABLE_UNSUPPORTED",
                        "loose", "REPLICA IDENTITY FULL"),
                refusedByServer("table with REPLICA IDENTITY NOTHING", source("cdc", "appdb.public.hidden"), "SOURCE_TABLE_UNSUPPORTED",
                        "hidden", "REPLICA IDENTITY DEFAULT"),
                refusedByServer("unsupported column type", source("cdc", "appdb.public.odd"), "SOURCE_TYPE_UNSUPPORTED",
                        "span", "interval", "tables.exclude"),
                refusedByServer("sink unreachable", sink("jdbc:postgresql://127.0.0.1:1/replica", "writer", "right"), "SINK_UNREACHABLE",
                        "127.0.0.1:1", "check url"),
                refusedByServer("sink wrong password", sink(target.jdbcUrl("replica"), "writer", "wrong"), "SINK_AUTHENTICATION_FAILED",
                        "writer", "check the sink's username and password"),
                refusedByServer("sink database missing", sink(target.jdbcUrl("nodb"), "writer", "right"), "SINK_UNREACHABLE",
                        "nodb", "does not exist"),
                refusedByServer("sink role without CREATE", sink(target.jdbcUrl("replica"), "viewer", "right"), "SINK_PRIVILEGE_MISSING",
                        "viewer", "cannot create tables", "GRANT"),
                refusedAsConfiguration("sink URL of an unsupported database", sink("jdbc:sqlserver://127.0.0.1:1433", "writer", "right"),
                        "CONFIG_INVALID", "sink (jdbc)", "url"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRefusedByValidateAndRun(BadInputCase bad) throws Exception {
        bad.assertRefused(work, Map.of());
    }

    @Test
    void aValidPipelineValidatesAndListsWhatItWouldCapture() throws Exception {
        Path file = work.resolve("ok.yaml");
        Files.writeString(file, source("cdc", "appdb.public.orders"));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TributaryCli(Map.of()));
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("validate", file.toString(), "--state-dir", work.resolve("state").toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("appdb.public.orders");
    }
}
