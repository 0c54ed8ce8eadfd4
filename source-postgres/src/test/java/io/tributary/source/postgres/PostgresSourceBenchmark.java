package io.tributary.source.postgres;

import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.testing.TestingPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prints what the dialect alone achieves on this machine (no Flink): raw JDBC, chunked snapshot
 * reading and stream decoding, in rows or events per second. Run with
 * {@code java -cp <test classpath> io.tributary.source.postgres.PostgresSourceBenchmark [rows] [chunkSize]}.
 */
public final class PostgresSourceBenchmark {
    private PostgresSourceBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String chunkSize = args.length > 1 ? args[1] : "8096";
        try (TestingPostgresServer server = TestingPostgresServer.start()) {
            TestDatabase db = TestDatabase.create(server, "bench");
            db.execute("CREATE TABLE t (id bigint PRIMARY KEY, amount numeric(12,2), name text, created timestamptz, flag boolean)",
                    "INSERT INTO t SELECT i, i / 100.0, md5(i::text), timestamptz '2024-01-01' + i * interval '1 second', i % 2 = 0 "
                            + "FROM generate_series(1, " + rows + ") i", "ANALYZE t");
            Map<String, String> settings = db.settings("public.t");
            settings.put("scan.incremental.snapshot.chunk.size", chunkSize);
            PostgresDialect dialect = new PostgresDialect(TestDatabase.options(settings));
            CapturedTable table = dialect.discoverTables().get(0);
            PostgresPosition start = dialect.prepareStream();

            for (int round = 0; round < 2; round++) {
                report("raw JDBC (text transfer, cursor)", rows, rawJdbc(db));
                report("chunked snapshot (chunk size " + chunkSize + ")", rows, chunked(dialect, table));
            }
            db.execute("UPDATE t SET amount = amount + 1");
            report("stream decoding (one transaction)", rows, stream(dialect, start, table, rows));
        }
    }

    private static long rawJdbc(TestDatabase db) throws Exception {
        long started = System.nanoTime();
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(4096);
                try (ResultSet rs = statement.executeQuery("SELECT id, amount, name, created, flag FROM t ORDER BY id")) {
                    while (rs.next()) {
                        for (int i = 1; i <= 5; i++) {
                            rs.getString(i);
                        }
                    }
                }
            }
        }
        return System.nanoTime() - started;
    }

    private static long chunked(PostgresDialect dialect, CapturedTable table) {
        long started = System.nanoTime();
        List<ChunkRange> ranges = new ArrayList<>();
        try (ChunkSplitter splitter = dialect.createChunkSplitter(table, Optional.empty())) {
            for (Optional<ChunkRange> next = splitter.next(); next.isPresent(); next = splitter.next()) {
                ranges.add(next.get());
            }
        }
        try (SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch(); ChunkReader<PostgresSnapshotMarker> reader = dialect.openChunkReader()) {
            for (ChunkRange range : ranges) {
                try (RowCursor<PostgresSnapshotMarker> cursor = reader.open(SnapshotSplit.fresh(table, 0, range), epoch.view())) {
                    while (cursor.next()) {
                        cursor.row();
                    }
                }
            }
        }
        return System.nanoTime() - started;
    }

    private static long stream(PostgresDialect dialect, PostgresPosition start, CapturedTable table, int expected) throws Exception {
        Map<TableId, TableSchema> schemas = Map.of(table.tableId(), table.schema());
        long started = System.nanoTime();
        int events = 0;
        long pollNanos = 0;
        int emptyPolls = 0;
        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, schemas, FixedSnapshotCoverage.none())) {
            while (events < expected) {
                long before = System.nanoTime();
                List<StreamRecord<PostgresPosition>> records = reader.poll();
                pollNanos += System.nanoTime() - before;
                emptyPolls += records.isEmpty() ? 1 : 0;
                for (StreamRecord<PostgresPosition> record : records) {
                    if (record.event().isPresent()) {
                        events++;
                    }
                }
            }
        }
        System.out.printf("  (%d empty polls; %.2f s inside poll)%n", emptyPolls, pollNanos / 1e9);
        return System.nanoTime() - started;
    }

    private static void report(String what, int rows, long nanos) {
        System.out.printf("%-45s %,10d rows in %6.2f s = %,9.0f rows/s%n", what, rows, nanos / 1e9, rows / (nanos / 1e9));
    }
}
