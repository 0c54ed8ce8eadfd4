package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline file's {@code tables} changed across a restart, through the real command line on a
 * PostgreSQL or MariaDB → PostgreSQL pipeline killed while streaming: a table that now matches joins (it is
 * snapshotted, and its changes written while the pipeline was down and while it is snapshotted
 * arrive), a table that no longer matches leaves (its later changes do not arrive), and the table
 * captured all along is not read again (a target row changed by hand stays as it is) and its
 * stream has no gap.
 */
class WidenedTablesITCase {
    private static TestingPostgresServer postgres;
    private static TestingMariaDbServer mariadb;
    private static TestingPostgresServer target;

    @TempDir
    Path work;

    /** The source database under test: how it is reached, how it writes a range of rows, and what its tables are called. */
    private record Source(String kind, Opener opener, int port, String sourceBlock, String prefix, String targetSchema) {
        String series(int from, int to) {
            return kind.equals("postgres") ? "generate_series(" + from + ", " + to + ") AS s(g)" : "(SELECT seq AS g FROM seq_" + from + "_to_" + to + ") s";
        }

        void execute(String... sql) throws SQLException {
            try (Connection connection = opener.open(); java.sql.Statement statement = connection.createStatement()) {
                for (String each : sql) {
                    statement.execute(each);
                }
            }
        }

        String table(String name) {
            return prefix + name;
        }
    }

    private interface Opener extends SourceWrites.Opener {}

    @BeforeAll
    static void startServers() {
        postgres = TestingPostgresServer.start();
        postgres.createDatabase("shop");
        postgres.createDatabase("again");
        mariadb = TestingMariaDbServer.start();
        mariadb.createDatabase("shop");
        mariadb.createDatabase("again");
        target = TestingPostgresServer.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (AutoCloseable server : new AutoCloseable[] {postgres, mariadb, target}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private static Source source(String kind) {
        return source(kind, "shop");
    }

    private static Source source(String kind, String database) {
        if (kind.equals("postgres")) {
            return new Source(kind, () -> postgres.connect(database), postgres.port(), """
                    type: postgres
                      username: postgres
                      password: unused
                      slot.name: %s""".formatted(database), database + ".public.", "public");
        }
        return new Source(kind, () -> mariadb.connect(database), mariadb.port(), """
                type: mysql
                  username: %s
                  password: %s
                  server-id: 5500
                  server-time-zone: UTC""".formatted(TestingMariaDbServer.ADMIN, TestingMariaDbServer.ADMIN_PASSWORD), database + ".", database);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void aTableThatNowMatchesJoinsAndOneThatNoLongerMatchesLeaves(String kind) throws Exception {
        Source source = source(kind);
        String replicaDb = "replica_" + kind;
        target.createDatabase(replicaDb);
        source.execute(
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer bigint NOT NULL, amount numeric(10,2) NOT NULL)",
                "INSERT INTO orders SELECT g, g % 50, g * 1.5 FROM " + source.series(1, 3000),
                "CREATE TABLE customers (id bigint PRIMARY KEY, name varchar(60) NOT NULL)",
                "INSERT INTO customers SELECT g, CONCAT('customer ', g) FROM " + source.series(1, 50),
                "CREATE TABLE notes (id bigint PRIMARY KEY, body varchar(60) NOT NULL, price numeric(10,2) NOT NULL)",
                "INSERT INTO notes SELECT g, CONCAT('note ', g), g FROM " + source.series(1, 2000));
        Path pipeline = work.resolve("pipeline.yaml");
        Path state = work.resolve("state");
        writePipeline(pipeline, source, source.prefix() + "(orders|customers)", replicaDb);
        try (TributaryProcess first = TributaryProcess.start(work.resolve("first.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
            first.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
            source.execute("INSERT INTO orders SELECT g, 7, 1 FROM " + source.series(3001, 3100));
            awaitEqual(first, source, replicaDb, "orders");
            // A checkpoint after those rows, so that the next run resumes the stream past the snapshot.
            long arrived = StateDirectory.newestCheckpoint(state);
            Instant deadline = Instant.now().plusSeconds(60);
            while (StateDirectory.newestCheckpoint(state) < arrived + 2) {
                assertThat(Instant.now()).as("two more checkpoints within 60 s:\n%s", first.tail()).isBefore(deadline);
                Thread.sleep(200);
            }
            first.kill();
        }
        // A target row changed by hand: a snapshot of orders would overwrite it.
        target.execute(replicaDb, "UPDATE " + source.targetSchema() + ".orders SET amount = -1 WHERE id = 1");
        source.execute(
                "INSERT INTO orders SELECT g, 8, 2 FROM " + source.series(3101, 3200),
                "UPDATE notes SET body = 'changed while down' WHERE id <= 100",
                "DELETE FROM notes WHERE id > 1900",
                "UPDATE customers SET name = 'renamed after it left' WHERE id = 1");

        writePipeline(pipeline, source, source.prefix() + "(orders|notes)", replicaDb);
        try (TributaryProcess second = TributaryProcess.start(work.resolve("second.log"), "run", pipeline.toString(), "--state-dir", state.toString());
                SourceWrites writes = SourceWrites.items(source.opener(), "notes", 2000)) {
            writes.start();
            second.awaitOutput("Joined the pipeline since it last ran, and snapshotted now \\(the tables captured before are not "
                    + "read again\\): \\[" + source.table("notes").replace(".", "\\.") + "\\]", Duration.ofSeconds(120));
            second.awaitOutput("holds the snapshot of the tables that joined; the stream reads on", Duration.ofSeconds(120));
            assertThat(second.output()).doesNotContain("Reading chunk " + source.table("orders"))
                    .contains("No longer captured, as they no longer match the pipeline's tables: [" + source.table("customers") + "]");
            try (Connection replica = target.connect(replicaDb)) {
                assertThat(TableContents.rowsOf(replica, "SELECT amount FROM " + source.targetSchema() + ".orders WHERE id = 1"))
                        .as("orders is not read again: the row changed by hand in the target stays").containsExactly("-1");
            }
            source.execute("INSERT INTO orders SELECT g, 9, 3 FROM " + source.series(3201, 3300),
                    "INSERT INTO customers VALUES (51, 'joined after it left')");
            writes.close();
            source.execute("UPDATE orders SET amount = -1 WHERE id = 1");
            awaitEqual(second, source, replicaDb, "notes");
            awaitEqual(second, source, replicaDb, "orders");
        }
        try (Connection replica = target.connect(replicaDb)) {
            assertThat(TableContents.rowsOf(replica, "SELECT name FROM " + source.targetSchema() + ".customers WHERE id = 1"))
                    .as("a change after customers left the pipeline does not arrive").containsExactly("customer 1");
            assertThat(TableContents.count(replica, source.targetSchema() + ".customers")).isEqualTo(50);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void aTableReadAgainWhileItChangesEndsEqualAndNoOtherTableIsReadAgain(String kind) throws Exception {
        Source source = source(kind, "again");
        String replicaDb = "again_" + kind;
        target.createDatabase(replicaDb);
        source.execute(
                "CREATE TABLE stock (id bigint PRIMARY KEY, customer bigint NOT NULL, amount numeric(10,2) NOT NULL)",
                "INSERT INTO stock SELECT g, g % 50, g * 1.5 FROM " + source.series(1, 3000),
                "CREATE TABLE items (id bigint PRIMARY KEY, body varchar(60) NOT NULL, price numeric(10,2) NOT NULL)",
                "INSERT INTO items SELECT g, CONCAT('item ', g), g FROM " + source.series(1, 2000));
        Path pipeline = work.resolve("pipeline.yaml");
        Path state = work.resolve("state");
        writePipeline(pipeline, source, source.prefix() + "(stock|items)", replicaDb);
        try (TributaryProcess run = TributaryProcess.start(work.resolve("run.log"), "run", pipeline.toString(), "--state-dir", state.toString(),
                "--http-port", "0");
                SourceWrites writes = SourceWrites.items(source.opener(), "items", 2000)) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
            awaitEqual(run, source, replicaDb, "items");
            // The target drifted from the source (rows changed and deleted by hand): what a re-snapshot repairs.
            target.execute(replicaDb, "UPDATE " + source.targetSchema() + ".items SET body = 'drifted' WHERE id <= 10",
                    "DELETE FROM " + source.targetSchema() + ".items WHERE id BETWEEN 11 AND 20",
                    "UPDATE " + source.targetSchema() + ".stock SET amount = -1 WHERE id = 1");
            writes.start();
            Thread.sleep(500);
            int before = run.output().length();

            CliOutcome unknown = CliOutcome.execute(Map.of(), "snapshot", pipeline.toString(), "--state-dir", state.toString(), "--table", source.table("nope"));
            assertThat(unknown.exitCode()).as("a wrong --table is a wrong command line").isEqualTo(2);
            assertThat(unknown.err()).contains("refused the re-snapshot: Not captured by pipeline 'widened': [" + source.table("nope") + "]");

            CliOutcome asked = CliOutcome.execute(Map.of(), "snapshot", pipeline.toString(), "--state-dir", state.toString(), "--table", source.table("items"));

            assertThat(asked.exitCode()).as("tributary snapshot: %s%s", asked.out(), asked.err()).isZero();
            assertThat(asked.out()).contains("Accepted re-snapshot 1 of [" + source.table("items") + "]");
            run.awaitOutput("Read " + source.table("items").replace(".", "\\.") + " again while streaming: \\d+ rows in [\\d.]+ s \\(re-snapshot 1\\)",
                    Duration.ofSeconds(120));
            Thread.sleep(1_000);
            writes.close();
            assertThat(run.output().substring(before)).as("only items is read again")
                    .doesNotContain("Reading chunk").doesNotContain("Read " + source.table("stock"));
            awaitEqual(run, source, replicaDb, "items");
            try (Connection replica = target.connect(replicaDb)) {
                assertThat(TableContents.rowsOf(replica, "SELECT amount FROM " + source.targetSchema() + ".stock WHERE id = 1"))
                        .as("stock is not read again: the row changed by hand in the target stays").containsExactly("-1");
            }
            assertThat(run.terminate(Duration.ofSeconds(120))).isIn(0, 143);
        }

        // Asked while the pipeline is stopped, a re-snapshot waits in the state directory for the next run; --where reads some rows only.
        CliOutcome queued = CliOutcome.execute(Map.of(), "snapshot", pipeline.toString(), "--state-dir", state.toString(), "--table", source.table("stock"),
                "--where", "id <= 10");
        assertThat(queued.exitCode()).as("tributary snapshot: %s%s", queued.out(), queued.err()).isZero();
        assertThat(queued.out()).contains("Requested re-snapshot 2 of [" + source.table("stock") + "] where id <= 10");
        try (TributaryProcess next = TributaryProcess.start(work.resolve("next.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
            next.awaitOutput("Read " + source.table("stock").replace(".", "\\.") + " again while streaming: 10 rows in [\\d.]+ s \\(re-snapshot 2\\)",
                    Duration.ofSeconds(120));
            awaitEqual(next, source, replicaDb, "stock");
            assertThat(next.output()).doesNotContain("Reading chunk " + source.table("items"));
        }
    }

    /** Waits until the target table equals the source's. */
    private static void awaitEqual(TributaryProcess run, Source source, String replicaDb, String table) throws Exception {
        String query = "SELECT * FROM %s ORDER BY id";
        run.awaitNoDifference(table, () -> {
            try (Connection shop = source.opener().open(); Connection replica = target.connect(replicaDb)) {
                List<String> expected = TableContents.rowsOf(shop, query.formatted(table));
                List<String> actual = TableContents.rowsOf(replica, query.formatted(source.targetSchema() + "." + table));
                return expected.equals(actual) ? "" : TableContents.difference(expected, actual);
            } catch (Exception e) {
                return e.toString();
            }
        }, Duration.ofSeconds(120));
    }

    private void writePipeline(Path file, Source source, String tables, String replicaDb) throws Exception {
        Files.writeString(file, """
                source:
                  %s
                  hostname: 127.0.0.1
                  port: %d
                  tables: %s
                  scan.incremental.snapshot.chunk.size: 500
                sink:
                  type: jdbc
                  url: %s
                  username: postgres
                  password: unused
                pipeline:
                  name: widened
                  execution.checkpointing.interval: 1s
                """.formatted(source.sourceBlock(), source.port(), tables, target.jdbcUrl(replicaDb)));
    }
}
