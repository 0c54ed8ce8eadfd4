package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.testing.TestingPostgresServer;
import io.tributary.source.postgres.PostgresDialect;
import io.tributary.source.postgres.PostgresSourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL 17 → PostgreSQL: tables created while the pipeline streams and matching 'tables' are
 * copied from their first row (the one inserted by the transaction that created the table), with
 * their later updates and deletes and across a crash; tables created that do not match, or that
 * 'tables.exclude' names, never reach the target. Needs PostgreSQL 15 or later (FOR TABLES IN
 * SCHEMA): the build copies PostgreSQL 17's binaries beside the suite's PostgreSQL 14.
 */
class PostgresNewTablesITCase {
    private static final Path POSTGRES_17 = Path.of("target", "postgres-binaries", "postgresql-17-linux-amd64.jar");

    private static TestingPostgresServer postgres;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").matches("amd64|x86_64"),
                "the PostgreSQL 17 binaries the build copies are for Linux on x86-64");
        assumeTrue(Files.isRegularFile(POSTGRES_17), POSTGRES_17 + " is missing: the build's generate-test-resources phase copies it");
        postgres = TestingPostgresServer.startFromBinaries(POSTGRES_17);
    }

    @AfterAll
    static void stopServer() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aTableCreatedWhileStreamingIsCopiedFromItsFirstRowAndOthersAreNot() throws Exception {
        postgres.createDatabase("shop");
        postgres.createDatabase("replica");
        postgres.execute("shop",
                "CREATE SCHEMA sales",
                "CREATE TABLE public.items (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO public.items SELECT g, 'item ' || g FROM generate_series(1, 100) g",
                "CREATE TABLE sales.orders_2024 (id int PRIMARY KEY, amount numeric(10,2) NOT NULL)",
                "INSERT INTO sales.orders_2024 SELECT g, g * 1.5 FROM generate_series(1, 50) g",
                "CREATE TABLE public.scratch_1 (id int PRIMARY KEY)");
        PipelineDefinition definition = new PipelineDefinition("new-tables",
                new ConnectorDefinition("postgres", Map.of("hostname", "127.0.0.1", "port", Integer.toString(postgres.port()), "username",
                        TestingPostgresServer.SUPERUSER, "password", "unused", "tables", "shop.public.\\.*, shop.sales.orders_\\.*",
                        "tables.exclude", "shop.public.scratch_\\.*", "slot.name", "new_tables")),
                new ConnectorDefinition("jdbc", Map.of("url", postgres.jdbcUrl("replica"), "username", TestingPostgresServer.SUPERUSER, "password", "unused")),
                List.of(), Map.of("parallelism", "2", "execution.checkpointing.interval", "1s"));
        RunOptions run = new RunOptions(work.resolve("state"), OptionalInt.empty());

        try (BackgroundPipeline pipeline = BackgroundPipeline.start(new PipelineRunner(definition, run), "new-tables")) {
            await(pipeline, "SELECT (SELECT count(*) FROM public.items) + (SELECT count(*) FROM sales.orders_2024)", 150, "the snapshot");
            assertThat(publishedSchemas("shop", "tributary_new_tables")).as("the schemas the publication holds whole").isEqualTo("public,sales");

            try (Connection source = postgres.connect("shop"); Statement statement = source.createStatement()) {
                source.setAutoCommit(false);
                statement.execute("CREATE TABLE sales.orders_2025 (id int PRIMARY KEY, amount numeric(10,2) NOT NULL, note text DEFAULT 'none')");
                statement.execute("INSERT INTO sales.orders_2025 (id, amount) SELECT g, g * 2.5 FROM generate_series(1, 20) g");
                source.commit();
                source.setAutoCommit(true);
            }
            postgres.execute("shop",
                    "UPDATE sales.orders_2025 SET amount = amount * 2, note = 'doubled' WHERE id <= 5",
                    "DELETE FROM sales.orders_2025 WHERE id BETWEEN 18 AND 20",
                    "INSERT INTO sales.orders_2025 (id, amount, note) SELECT g, g, 'later' FROM generate_series(21, 30) g",
                    "CREATE TABLE sales.returns (id int PRIMARY KEY, reason text)",
                    "INSERT INTO sales.returns VALUES (1, 'not matched by tables')",
                    "CREATE TABLE public.scratch_2 (id int PRIMARY KEY)",
                    "INSERT INTO public.scratch_2 VALUES (1)",
                    "CREATE TABLE public.events (id bigint PRIMARY KEY, kind text)",
                    "INSERT INTO public.events VALUES (1, 'created'), (2, 'created')",
                    "UPDATE public.events SET kind = 'changed' WHERE id = 2");
            await(pipeline, "SELECT (SELECT count(*) FROM sales.orders_2025) + (SELECT count(*) FROM sales.orders_2025 WHERE note = 'doubled')"
                    + " + (SELECT count(*) FROM public.events WHERE kind = 'changed')", 33, "the new tables' rows");
            assertEqualToSource("sales.orders_2025", "id, amount, note");
            assertEqualToSource("public.events", "id, kind");
            assertThat(targetText("SELECT string_agg(a.attname, ',') FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                    + "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = 'sales.orders_2025'::regclass AND i.indisprimary"))
                    .as("the new table's primary key").isEqualTo("id");
            pipeline.abort();
        }

        postgres.execute("shop",
                "INSERT INTO sales.orders_2025 (id, amount, note) SELECT g, g, 'while down' FROM generate_series(31, 35) g",
                "UPDATE sales.orders_2025 SET note = 'while down' WHERE id = 6",
                "DELETE FROM sales.orders_2025 WHERE id = 7",
                "CREATE TABLE sales.orders_2026 (id int PRIMARY KEY, amount numeric(10,2) NOT NULL)",
                "INSERT INTO sales.orders_2026 VALUES (1, 9.99)");
        try (BackgroundPipeline pipeline = BackgroundPipeline.start(new PipelineRunner(definition, run), "new-tables-again")) {
            await(pipeline, "SELECT (SELECT count(*) FROM sales.orders_2025 WHERE note = 'while down') + (SELECT count(*) FROM sales.orders_2026)"
                    + " + (SELECT count(*) FROM sales.orders_2025 WHERE id = 7)", 7, "the changes made while the pipeline was down");
            assertEqualToSource("sales.orders_2025", "id, amount, note");
            assertEqualToSource("sales.orders_2026", "id, amount");
            assertEqualToSource("public.items", "id, name");
            assertEqualToSource("sales.orders_2024", "id, amount");
        }

        assertThat(targetText("SELECT concat_ws(',', to_regclass('sales.returns'), to_regclass('public.scratch_1'), to_regclass('public.scratch_2'))"))
                .as("tables that 'tables' does not match, or that 'tables.exclude' names").isEmpty();
    }

    @Test
    void aPublicationAnEarlierTributaryCreatedGetsItsSchemasAndOneItDidNotCreateIsLeftAlone() throws Exception {
        postgres.createDatabase("legacy");
        postgres.execute("legacy",
                "CREATE TABLE public.orders (id int PRIMARY KEY)",
                "CREATE PUBLICATION tributary_legacy_slot FOR TABLE public.orders",
                "COMMENT ON PUBLICATION tributary_legacy_slot IS 'Created by Tributary'",
                "CREATE PUBLICATION theirs FOR TABLE public.orders");

        prepareStream("legacy", "legacy_slot", Map.of());
        prepareStream("legacy", "other_slot", Map.of("publication.name", "theirs"));

        assertThat(publishedSchemas("legacy", "tributary_legacy_slot")).as("schemas added to the publication Tributary created").isEqualTo("public");
        assertThat(publishedSchemas("legacy", "theirs")).as("the publication Tributary did not create").isNull();
    }

    private static void prepareStream(String database, String slot, Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("hostname", "127.0.0.1", "port", Integer.toString(postgres.port()),
                "username", TestingPostgresServer.SUPERUSER, "tables", database + ".public.\\.*", "slot.name", slot));
        settings.putAll(extra);
        PostgresDialect dialect = new PostgresDialect(PostgresSourceOptions.from(Configuration.fromMap(settings)));
        dialect.discoverTables();
        dialect.prepareStream();
    }

    private static String publishedSchemas(String database, String publication) throws SQLException {
        return text(database, "SELECT string_agg(n.nspname, ',' ORDER BY n.nspname) FROM pg_publication_namespace pn "
                + "JOIN pg_publication p ON p.oid = pn.pnpubid JOIN pg_namespace n ON n.oid = pn.pnnspid WHERE p.pubname = '" + publication + "'");
    }

    private static void assertEqualToSource(String table, String columns) throws SQLException {
        try (Connection source = postgres.connect("shop"); Connection target = postgres.connect("replica")) {
            assertThat(TableContents.of(target, table, columns)).as(table).isEqualTo(TableContents.of(source, table, columns));
        }
    }

    private static String targetText(String query) throws SQLException {
        return text("replica", query);
    }

    private static String text(String database, String query) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void await(BackgroundPipeline pipeline, String countQuery, long expected, String what) throws Exception {
        TargetCount.await(postgres, "replica", pipeline, countQuery, expected, what);
    }
}
