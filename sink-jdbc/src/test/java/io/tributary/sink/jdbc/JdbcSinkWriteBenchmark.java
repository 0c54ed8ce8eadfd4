package io.tributary.sink.jdbc;

import io.tributary.core.metrics.SinkMetrics;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * Prints the writer's throughput into real PostgreSQL and MariaDB servers: fresh inserts, then
 * updates of the same keys, with 5,000-row buffers, with and without the drivers' batch rewriting.
 * Run: {@code java -cp ... io.tributary.sink.jdbc.JdbcSinkWriteBenchmark [rows]} (see the README).
 */
public final class JdbcSinkWriteBenchmark {
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.BIGINT).notNull()),
            new Column("name", DataType.withLength(TypeKind.VARCHAR, 100)),
            new Column("qty", DataType.of(TypeKind.INTEGER)),
            new Column("price", DataType.decimal(10, 2)),
            new Column("updated_at", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6))), List.of("id"));

    private JdbcSinkWriteBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        try (TestingPostgresServer postgres = TestingPostgresServer.start(false)) {
            postgres.createDatabase("bench");
            Map<String, String> user = Map.of("user", TestingPostgresServer.SUPERUSER);
            run("PostgreSQL warm-up (JIT)               ", postgres.jdbcUrl("bench"), user, Map.of(), "public", rows / 5);
            run("PostgreSQL, reWriteBatchedInserts=true ", postgres.jdbcUrl("bench"), user, Map.of(), "public", rows);
            run("PostgreSQL, reWriteBatchedInserts=false", postgres.jdbcUrl("bench"), user, Map.of("reWriteBatchedInserts", "false"), "public", rows);
        }
        try (TestingMariaDbServer mariadb = TestingMariaDbServer.start()) {
            mariadb.createDatabase("bench");
            Map<String, String> admin = Map.of("user", TestingMariaDbServer.ADMIN, "password", TestingMariaDbServer.ADMIN_PASSWORD);
            run("MariaDB, useBulkStmts=true, useServerPrepStmts=true ", mariadb.jdbcUrl("bench"), admin, Map.of(), "bench", rows);
            run("MariaDB, driver defaults (no bulk, client-side prep) ", mariadb.jdbcUrl("bench"), admin,
                    Map.of("useBulkStmts", "false", "useServerPrepStmts", "false"), "bench", rows);
        }
    }

    private static void run(String label, String url, Map<String, String> user, Map<String, String> overrides, String namespace, int rows)
            throws Exception {
        Map<String, String> properties = new HashMap<>(JdbcDialect.forUrl(url).defaultDriverProperties());
        properties.putAll(user);
        properties.putAll(overrides);
        TableId table = TableId.ofSchemaTable(namespace, "bench_" + Math.abs(label.hashCode()));
        JdbcSinkConfig config = new JdbcSinkConfig(url, properties, 5000, 0, true, false, false);
        try (JdbcSinkWriter writer = new JdbcSinkWriter(config, "benchmark", new SimpleCounter(), new SinkMetrics(new UnregisteredMetricsGroup()))) {
            writer.write(SchemaChangeEvent.createTable(table, SCHEMA), null);
            double inserts = timed(writer, table, rows, 0);
            double updates = timed(writer, table, rows, 1);
            System.out.printf(Locale.ROOT, "%s  %,d rows: inserts %,.0f rows/s, updates (upserts of existing keys) %,.0f rows/s%n",
                    label, rows, inserts, updates);
        }
    }

    private static double timed(JdbcSinkWriter writer, TableId table, int rows, int round) throws Exception {
        OffsetDateTime now = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        long started = System.nanoTime();
        for (long id = 0; id < rows; id++) {
            Object[] row = {id, "item " + id + " round " + round, (int) (id % 1000) + round, BigDecimal.valueOf(id % 100_000, 2), now.plusSeconds(id)};
            writer.write(round == 0 ? DataChangeEvent.read(table, row, 0) : DataChangeEvent.update(table, java.util.Optional.empty(), row, 0), null);
        }
        writer.flush(false);
        return rows / ((System.nanoTime() - started) / 1e9);
    }
}
