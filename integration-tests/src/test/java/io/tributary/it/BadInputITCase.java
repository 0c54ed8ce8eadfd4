package io.tributary.it;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every bad input of a pipeline gets a clear error naming the problem, a non-zero exit, and leaves
 * source and target untouched (no slot, no publication, no table).
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
        source.execute("appdb",
                "CREATE TABLE orders (id bigint PRIMARY KEY, note text)",
                "CREATE TABLE loose (a integer, b text)",
                "CREATE TABLE odd (id bigint PRIMARY KEY, span interval)",
                "INSERT INTO orders VALUES (1, 'one')",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO cdc, reader",
                "GRANT CREATE ON DATABASE appdb TO cdc",
                "ALTER TABLE orders OWNER TO cdc");
        replicaLevelServer.createDatabase("appdb");
        replicaLevelServer.execute("appdb", "CREATE TABLE orders (id bigint PRIMARY KEY)");
        target.createDatabase("replica");
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
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_replication_slots")) {
                rs.next();
                assertThat(rs.getInt(1)).as("replication slots on the source").isZero();
            }
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_publication")) {
                rs.next();
                assertThat(rs.getInt(1)).as("publications on the source").isZero();
            }
        }
        try (Connection connection = target.connect("replica"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("tables in the target").isZero();
        }
    }

    private record Outcome(int exitCode, String err) {}

    private Outcome run(String command, String yaml, Map<String, String> env) throws Exception {
        Path file = work.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TributaryCli(env));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute(command, file.toString(), "--state-dir", work.resolve("state").toString());
        return new Outcome(exit, err.toString());
    }

    private Outcome run(String command, String yaml) throws Exception {
        return run(command, yaml, Map.of());
    }

    private static String pipeline(int port, String user, String password, String tables) {
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
                  url: jdbc:postgresql://127.0.0.1:%d/replica
                  username: postgres
                  password: unused
                pipeline:
                  name: bad-input
                """.formatted(port, user, password, tables, target.port());
    }

    private String good(String tables) {
        return pipeline(source.port(), "cdc", "right", tables);
    }

    @Test
    void malformedYamlNamesFileAndLine() throws Exception {
        Outcome outcome = run("validate", "source:\n  type: postgres\n  hostname: [unclosed\nsink:\n");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("CONFIG_INVALID").containsPattern("pipeline\\.yaml:\\d+");
    }

    @Test
    void unknownKeySuggestsTheClosestValidKey() throws Exception {
        Outcome outcome = run("validate", good("appdb.public.orders").replace("hostname:", "hostnme:"));
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("CONFIG_UNKNOWN_OPTION").contains("hostnme").contains("hostname").containsPattern("pipeline\\.yaml:\\d+");
    }

    @Test
    void missingRequiredOptionIsNamed() throws Exception {
        Outcome outcome = run("validate", good("appdb.public.orders").replace("  tables: appdb.public.orders\n", ""));
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("CONFIG_MISSING_OPTION").contains("tables");
    }

    @Test
    void unresolvedVariableIsNamed() throws Exception {
        Outcome outcome = run("validate", pipeline(source.port(), "cdc", "${PG_PASSWORD}", "appdb.public.orders"));
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("CONFIG_UNRESOLVED_VARIABLE").contains("PG_PASSWORD");
    }

    @Test
    void unreachableHostSaysWhatToCheck() throws Exception {
        Outcome outcome = run("run", pipeline(1, "cdc", "right", "appdb.public.orders"));
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("SOURCE_UNREACHABLE").contains("127.0.0.1");
    }

    @Test
    void wrongPasswordIsAnAuthenticationError() throws Exception {
        Outcome outcome = run("run", pipeline(source.port(), "cdc", "wrong", "appdb.public.orders"));
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("SOURCE_AUTHENTICATION_FAILED").contains("cdc");
    }

    @Test
    void walLevelNotLogicalIsRefusedWithTheFix() throws Exception {
        Outcome outcome = run("run", pipeline(replicaLevelServer.port(), "postgres", "unused", "appdb.public.orders"));
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("SOURCE_MISCONFIGURED").contains("wal_level").contains("logical");
    }

    @Test
    void missingReplicationPrivilegeIsNamed() throws Exception {
        Outcome outcome = run("run", pipeline(source.port(), "reader", "right", "appdb.public.orders"));
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("SOURCE_PRIVILEGE_MISSING").contains("REPLICATION");
    }

    @Test
    void aPatternMatchingNothingIsRefused() throws Exception {
        Outcome outcome = run("run", good("appdb.public.nothing_like_this"));
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("SOURCE_NO_TABLES").contains("nothing_like_this");
    }

    @Test
    void aTableWithoutKeyNeedsReplicaIdentityFull() throws Exception {
        Outcome outcome = run("run", good("appdb.public.loose"));
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("SOURCE_TABLE_UNSUPPORTED").contains("loose").contains("REPLICA IDENTITY FULL");
    }

    @Test
    void anUnsupportedColumnTypeIsNamed() throws Exception {
        Outcome outcome = run("run", good("appdb.public.odd"));
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("SOURCE_TYPE_UNSUPPORTED").contains("span").contains("interval");
    }

    @Test
    void aValidPipelineValidatesAndListsWhatItWouldCapture() throws Exception {
        Path file = work.resolve("ok.yaml");
        Files.writeString(file, good("appdb.public.orders"));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TributaryCli(Map.of()));
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("validate", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("appdb.public.orders");
    }
}
