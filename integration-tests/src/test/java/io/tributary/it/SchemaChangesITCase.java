package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema changes end to end, into PostgreSQL: a column added with a DEFAULT while streaming gives
 * the rows copied before it the default, as the source has them (from PostgreSQL and from MariaDB),
 * and two shards routed to one table become one table of the union of their columns, a column
 * added to one shard added to it once.
 */
class SchemaChangesITCase {
    private static TestingPostgresServer postgres;
    private static TestingMariaDbServer mariaDb;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        postgres = TestingPostgresServer.start();
        mariaDb = TestingMariaDbServer.start();
        mariaDb.execute("mysql",
                "CREATE USER 'cdc'@'%' IDENTIFIED BY 'cdc-secret'",
                "CREATE USER 'cdc'@'localhost' IDENTIFIED BY 'cdc-secret'",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cdc'@'%'",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cdc'@'localhost'");
    }

    @AfterAll
    static void stopServers() {
        if (postgres != null) {
            postgres.close();
        }
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @Test
    void aDefaultReachesCopiedRowsAndShardsMergeIntoOneTable() throws Exception {
        postgres.createDatabase("shop");
        postgres.createDatabase("replica");
        postgres.execute("shop",
                "CREATE TABLE items (id bigint PRIMARY KEY, name varchar(40) NOT NULL DEFAULT 'unnamed')",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 200) g",
                "CREATE TABLE order_1 (id integer PRIMARY KEY, product varchar(20) NOT NULL, price numeric(8,2))",
                "CREATE TABLE order_2 (id bigint PRIMARY KEY, product varchar(40) NOT NULL, price numeric(10,2), region char(2) NOT NULL)",
                "INSERT INTO order_1 SELECT g, 'p' || g, g / 4.0 FROM generate_series(1, 50) g",
                "INSERT INTO order_2 SELECT g, 'q' || g, g / 4.0, 'eu' FROM generate_series(1001, 1050) g");
        PipelineDefinition definition = new PipelineDefinition("schema-changes-pg",
                new ConnectorDefinition("postgres", Map.of("hostname", "127.0.0.1", "port", Integer.toString(postgres.port()), "username", "postgres",
                        "password", "unused", "tables", "shop.public.\\.*", "slot.name", "schema_changes")),
                new ConnectorDefinition("jdbc", Map.of("url", postgres.jdbcUrl("replica"), "username", TestingPostgresServer.SUPERUSER, "password", "unused")),
                List.of(new RouteDefinition("shop.public.order_\\.*", "public.orders", Optional.empty(), Optional.empty())),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "1s"));
        try (BackgroundPipeline pipeline = BackgroundPipeline.start(new PipelineRunner(definition, new RunOptions(work.resolve("pg"), OptionalInt.empty())), "pg")) {
            await(pipeline, "SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM orders)", 300, "the snapshot");

            postgres.execute("shop",
                    "ALTER TABLE items ADD COLUMN channel varchar(20) DEFAULT 'web'",
                    "INSERT INTO items VALUES (201, 'new', 'shop')",
                    "ALTER TABLE order_1 ADD COLUMN note text DEFAULT 'n/a'",
                    "INSERT INTO order_1 VALUES (51, 'p51', 12.75, 'hello')",
                    "INSERT INTO order_2 VALUES (1051, 'q1051', 262.75, 'us')",
                    "UPDATE order_2 SET price = 0 WHERE id = 1001");
            await(pipeline, "SELECT (SELECT count(*) FROM items WHERE channel IS NOT NULL) + (SELECT count(*) FROM orders WHERE id IN (51, 1051))"
                    + " + (SELECT count(*) FROM orders WHERE id = 1001 AND price = 0)", 204, "the streamed changes");

            try (Connection source = postgres.connect("shop"); Connection target = postgres.connect("replica")) {
                assertThat(TableContents.of(target, "items", "id, name, channel")).as("rows copied before the ADD COLUMN have its default")
                        .isEqualTo(TableContents.of(source, "items", "id, name, channel"));
                assertThat(columnDefault(target, "items", "name")).as("a default found at discovery").isEqualTo("'unnamed'::character varying(40)");
                assertThat(columnDefault(target, "items", "channel")).isEqualTo("'web'::character varying(20)");
                String union = "(SELECT id::bigint, product, price, NULL::text AS region, note FROM order_1"
                        + " UNION ALL SELECT id, product, price, region, 'n/a' FROM order_2) shards";
                assertThat(TableContents.of(target, "orders", "id, product, price, region, note")).as("both shards, in the union of their columns")
                        .isEqualTo(TableContents.of(source, union, "id, product, price, region, note"));
                assertThat(columnTypes(target, "orders")).as("NOT NULL where every shard has it").containsExactly("id bigint NO",
                        "product character varying(40) NO",
                        "price numeric(10,2) YES", "region character(2) YES", "note text YES");
            }
        }
    }

    @Test
    void aDefaultAddedOnMariaDbReachesCopiedRowsInPostgres() throws Exception {
        mariaDb.createDatabase("shop");
        mariaDb.execute("shop",
                "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL DEFAULT 'unnamed')",
                "INSERT INTO items SELECT seq, CONCAT('item ', seq) FROM seq_1_to_100");
        postgres.createDatabase("mirror");
        PipelineDefinition definition = new PipelineDefinition("schema-changes-mariadb",
                new ConnectorDefinition("mysql", Map.of("hostname", "127.0.0.1", "port", Integer.toString(mariaDb.port()), "username", "cdc",
                        "password", "cdc-secret", "tables", "shop.items", "server-id", "5410", "server-time-zone", "UTC")),
                new ConnectorDefinition("jdbc", Map.of("url", postgres.jdbcUrl("mirror"), "username", TestingPostgresServer.SUPERUSER, "password", "unused")),
                List.of(), Map.of("execution.checkpointing.interval", "1s"));
        try (BackgroundPipeline pipeline = BackgroundPipeline.start(new PipelineRunner(definition, new RunOptions(work.resolve("maria"), OptionalInt.empty())),
                "mariadb")) {
            awaitIn("mirror", pipeline, "SELECT count(*) FROM shop.items", 100, "the snapshot");

            mariaDb.execute("shop",
                    "ALTER TABLE items ADD COLUMN channel VARCHAR(20) DEFAULT 'web'",
                    "INSERT INTO items VALUES (101, 'new', 'shop')");
            awaitIn("mirror", pipeline, "SELECT count(*) FROM shop.items WHERE channel IS NOT NULL", 101, "the ADD COLUMN and the insert");

            List<String> expected = new ArrayList<>();
            try (Connection source = mariaDb.connect("shop"); Statement statement = source.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT id, name, channel FROM items ORDER BY id")) {
                while (rs.next()) {
                    expected.add(rs.getInt(1) + " | " + rs.getString(2) + " | " + rs.getString(3));
                }
            }
            try (Connection target = postgres.connect("mirror")) {
                assertThat(TableContents.of(target, "shop.items", "id, name, channel")).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(columnDefault(target, "shop.items", "name")).as("a default found at discovery").isEqualTo("'unnamed'::character varying(40)");
            }
            assertThat(expected).first().isEqualTo("1 | item 1 | web");
        }
    }

    /** The column's default as PostgreSQL writes it, or null. */
    private static String columnDefault(Connection connection, String table, String column) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                        + " WHERE a.attrelid = '" + table + "'::regclass AND a.attname = '" + column + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static List<String> columnTypes(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT attname || ' ' || format_type(atttypid, atttypmod) || ' ' || CASE WHEN attnotnull THEN 'NO' ELSE 'YES' END"
                        + " FROM pg_attribute WHERE attrelid = '" + table + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private static void await(BackgroundPipeline pipeline, String countQuery, long expected, String what) throws Exception {
        awaitIn("replica", pipeline, countQuery, expected, what);
    }

    private static void awaitIn(String database, BackgroundPipeline pipeline, String countQuery, long expected, String what) throws Exception {
        TargetCount.await(postgres, database, pipeline, countQuery, expected, what);
    }
}
