package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL → PostgreSQL through the command line with a {@code transform} block: a projection
 * with computed and metadata columns and a filter on one table, {@code *} plus a computed column
 * on another. Updates move rows into and out of the filter, a column is added while streaming, and
 * the process is killed and restarted in between; each target table must end equal to the view of
 * its source table that the transform describes, computed by the source database itself.
 */
class TransformITCase {
    private static final int ORDERS = 3_000;
    private static TestingPostgresServer source;
    private static TestingPostgresServer target;

    /** What the {@code orders} transform makes of the source table, as SQL over it. */
    private static final String EXPECTED_ORDERS = "(SELECT id, upper(product) AS product, price * qty AS total, status,"
            + " 'orders' AS source_table, CASE WHEN qty >= 10 THEN 'bulk' ELSE 'single' END AS size FROM public.orders"
            + " WHERE status <> 'test' AND qty > 0) expected";
    private static final String ORDERS_COLUMNS = "id, product, total, status, source_table, size";
    private static final String EXPECTED_CUSTOMERS = "(SELECT *, concat(id, '-', lower(name)) AS tag FROM public.customers) expected";
    private static final String CUSTOMERS_COLUMNS = "id, name, tag";
    private static final String CUSTOMERS_COLUMNS_WITH_REGION = "id, name, region, tag";

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        source = TestingPostgresServer.start();
        target = TestingPostgresServer.start();
        source.createDatabase("appdb");
        target.createDatabase("replica");
        source.createUser("cdc", "cdc-secret", "REPLICATION");
        source.execute("appdb",
                "CREATE TABLE orders (id int PRIMARY KEY, product text NOT NULL, price numeric(10,2) NOT NULL, qty int NOT NULL, status text NOT NULL)",
                "ALTER TABLE orders REPLICA IDENTITY FULL",
                "INSERT INTO orders SELECT g, 'product ' || (g % 37), (g % 100) + 0.25, g % 13, (ARRAY['new','paid','test','shipped'])[1 + g % 4]"
                        + " FROM generate_series(1, " + ORDERS + ") g",
                "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO customers SELECT g, 'Customer' || g FROM generate_series(1, 200) g",
                "ALTER TABLE orders OWNER TO cdc", "ALTER TABLE customers OWNER TO cdc", "GRANT CREATE ON DATABASE appdb TO cdc");
    }

    @AfterAll
    static void stopServers() {
        Stream.of(source, target).filter(Objects::nonNull).forEach(TestingPostgresServer::close);
    }

    @Test
    void targetsEndEqualToTheTransformedViewOfTheSource() throws Exception {
        Path pipeline = writePipeline();
        Path state = work.resolve("state");
        try (TributaryProcess first = TributaryProcess.start(work.resolve("run-1.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
            first.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
            awaitTargetsEqual(first, CUSTOMERS_COLUMNS);
            source.execute("appdb",
                    // out of the filter (a delete at the target), into it (an insert), within it, and deleted rows on both sides of it
                    "UPDATE orders SET status = 'test' WHERE id % 4 = 1 AND id <= 400",
                    "UPDATE orders SET status = 'paid', qty = 20 WHERE id % 4 = 2 AND id <= 400",
                    "UPDATE orders SET qty = qty + 1, product = 'renamed' WHERE id % 4 = 0 AND id <= 400",
                    "DELETE FROM orders WHERE id BETWEEN 401 AND 440",
                    "INSERT INTO orders VALUES (5001, 'late', 1.50, 4, 'new'), (5002, 'hidden', 2.00, 0, 'new')",
                    "ALTER TABLE customers ADD COLUMN region text",
                    "UPDATE customers SET region = 'north' WHERE id <= 50",
                    "INSERT INTO customers VALUES (201, 'Newcomer', 'south')");
            awaitTargetsEqual(first, CUSTOMERS_COLUMNS_WITH_REGION);
            first.kill();
        }
        source.execute("appdb",
                "UPDATE orders SET status = 'new' WHERE id % 4 = 1 AND id <= 200",
                "UPDATE orders SET qty = 0 WHERE id BETWEEN 600 AND 620",
                "UPDATE customers SET name = 'Renamed' WHERE id = 7");
        try (TributaryProcess second = TributaryProcess.start(work.resolve("run-2.log"), "run", pipeline.toString(), "--state-dir", state.toString())) {
            second.awaitOutput("Resuming postgres source", Duration.ofSeconds(120));
            awaitTargetsEqual(second, CUSTOMERS_COLUMNS_WITH_REGION);
            assertThat(second.problems()).as("warnings and errors of the second run").doesNotContain(" ERROR ");
            int exit = second.terminate(Duration.ofSeconds(120));
            assertThat(exit).isIn(0, 143);
        }
        try (Connection dst = target.connect("replica")) {
            assertThat(TableContents.count(dst, "public.orders")).as("the filter kept some rows out").isLessThan(ORDERS);
        }
    }

    private Path writePipeline() throws Exception {
        Path file = work.resolve("transform.yaml");
        Files.writeString(file, """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: cdc
                  password: cdc-secret
                  tables: appdb.public.\\.*
                  slot.name: tributary_transform
                  scan.incremental.snapshot.chunk.size: 1000
                sink:
                  type: jdbc
                  url: jdbc:postgresql://127.0.0.1:%d/replica
                  username: postgres
                  password: unused
                transform:
                  - source-table: appdb.public.orders
                    projection: id, UPPER(product) AS product, price * qty AS total, status, __table_name__ AS source_table,
                      CASE WHEN qty >= 10 THEN 'bulk' ELSE 'single' END AS size
                    filter: status <> 'test' AND qty > 0
                    description: paid and open orders with their totals
                  - source-table: appdb.public.customers
                    projection: \\*, CONCAT(id, '-', LOWER(name)) AS tag
                pipeline:
                  name: transform-it
                  parallelism: 2
                  execution.checkpointing.interval: 1s
                """.formatted(source.port(), target.port()));
        return file;
    }

    private static void awaitTargetsEqual(TributaryProcess process, String customersColumns) throws Exception {
        process.awaitNoDifference("the target matching the transformed source", () -> difference(customersColumns), Duration.ofSeconds(120));
    }

    private static String difference(String customersColumns) {
        try (Connection src = source.connect("appdb"); Connection dst = target.connect("replica")) {
            for (List<String> table : List.of(List.of(EXPECTED_ORDERS, "public.orders", ORDERS_COLUMNS),
                    List.of(EXPECTED_CUSTOMERS, "public.customers", customersColumns))) {
                List<String> expected = TableContents.of(src, table.get(0), table.get(2));
                List<String> actual = TableContents.of(dst, table.get(1), table.get(2));
                if (!expected.equals(actual)) {
                    return table.get(1) + ": " + TableContents.difference(expected, actual);
                }
            }
            return "";
        } catch (SQLException e) {
            return "not readable yet: " + e.getMessage();
        }
    }
}
