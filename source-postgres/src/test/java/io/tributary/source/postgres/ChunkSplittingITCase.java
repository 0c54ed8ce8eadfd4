package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import io.tributary.core.testing.TestingPostgresServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every splitting strategy must cut a table into chunks that hold every row exactly once, in the order the key comparator agrees with. */
class ChunkSplittingITCase {
    private static TestingPostgresServer server;

    @BeforeAll
    static void startServer() {
        server = TestingPostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void denseIntegerKeyIsCutIntoEvenRangesWithoutSampling() {
        TestDatabase db = TestDatabase.create(server, "dense");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t SELECT i, 'v' || i FROM generate_series(1, 10000) i", "ANALYZE t");

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).hasSize(10);
        assertThat(split.ranges().get(1).lower().orElseThrow().key()).containsExactly(1001);
        assertThat(split.ranges().get(1).upper().orElseThrow().key()).containsExactly(2001);
        split.assertCoversExactly(db.queryLong("SELECT count(*) FROM t"));
    }

    @Test
    void sparseIntegerKeyIsCutAtSampledBoundariesOfChunkSizeRows() {
        TestDatabase db = TestDatabase.create(server, "sparse");
        db.execute("CREATE TABLE t (id bigint PRIMARY KEY)", "INSERT INTO t SELECT i::bigint * i * i FROM generate_series(1, 5000) i");

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).hasSize(5);
        assertThat(split.rowsPerChunk()).containsExactly(1000, 1000, 1000, 1000, 1000);
        split.assertCoversExactly(5000);
    }

    @Test
    void textKeyInCCollationIsCutAtSampledBoundariesInCodePointOrder() {
        TestDatabase db = TestDatabase.create(server, "text_c");
        db.execute("CREATE TABLE t (code text COLLATE \"C\" PRIMARY KEY)",
                "INSERT INTO t SELECT md5(i::text) || chr(65 + i % 50) || chr(256 + i % 3000) FROM generate_series(1, 3000) i",
                "INSERT INTO t VALUES ('Zebra'), ('apple'), ('Äpfel'), ('😀 emoji'), ('\uE000 private use'), ('a'), ('A'), ('')");

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).hasSizeGreaterThan(3);
        split.assertCoversExactly(3008);
    }

    @Test
    void textKeyWithLinguisticCollationAndNoByteOrderIndexIsReadAsOneChunkSortedByBytes() {
        TestDatabase db = TestDatabase.create(server, "text_icu");
        db.execute("CREATE TABLE t (code text COLLATE \"en-x-icu\" PRIMARY KEY, v int)",
                "INSERT INTO t SELECT md5(i::text) || chr(65 + i % 50), i FROM generate_series(1, 2500) i",
                "INSERT INTO t VALUES ('Zebra', 0), ('apple', 0), ('Äpfel', 0), ('😀 emoji', 0), ('\uE000 private use', 0), ('b', 0), ('B', 0)");

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).containsExactly(ChunkRange.all());
        split.assertCoversExactly(2507);
    }

    @Test
    void textKeyWithLinguisticCollationUsesAByteOrderIndexForRanges() {
        TestDatabase db = TestDatabase.create(server, "text_index");
        db.execute("CREATE TABLE t (code varchar(40) PRIMARY KEY, v int)",
                "CREATE UNIQUE INDEX t_code_bytes ON t (code COLLATE \"C\")",
                "INSERT INTO t SELECT md5(i::text) || chr(65 + i % 50), i FROM generate_series(1, 2500) i",
                "INSERT INTO t VALUES ('Zebra', 0), ('apple', 0), ('Äpfel', 0), ('😀 emoji', 0), ('b', 0), ('B', 0)");

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).hasSize(3);
        split.assertCoversExactly(2506);
    }

    @Test
    void uuidKeyIsOrderedAsUnsignedBytes() {
        TestDatabase db = TestDatabase.create(server, "uuid");
        db.execute("CREATE TABLE t (id uuid PRIMARY KEY)",
                "INSERT INTO t SELECT md5(i::text)::uuid FROM generate_series(1, 3500) i",
                "INSERT INTO t VALUES ('ffffffff-ffff-ffff-ffff-ffffffffffff'), ('80000000-0000-0000-8000-000000000000'), "
                        + "('7fffffff-ffff-ffff-7fff-ffffffffffff'), ('00000000-0000-0000-0000-000000000000')");

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).hasSize(4);
        split.assertCoversExactly(3504);
    }

    @Test
    void compositeKeyOfIntegerTextAndTimestampIsCutByRowComparison() {
        TestDatabase db = TestDatabase.create(server, "composite");
        db.execute("CREATE TABLE t (tenant int, code text COLLATE \"C\", at timestamptz, amount numeric(10,2), PRIMARY KEY (tenant, code, at))",
                "INSERT INTO t SELECT i % 7, chr(97 + i % 26) || (i / 35), timestamptz '2024-01-01 00:00:00+00' + (i % 5) * interval '1 hour', i "
                        + "FROM generate_series(1, 2365) i");

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).hasSize(3);
        split.assertCoversExactly(2365);
    }

    @Test
    void numericAndTimestampKeysAreCutAtSampledBoundaries() {
        TestDatabase db = TestDatabase.create(server, "numeric");
        db.execute("CREATE TABLE n (id numeric PRIMARY KEY)", "INSERT INTO n SELECT (i / 7.0)::numeric(20,5) FROM generate_series(-1500, 1500) i",
                "CREATE TABLE ts (id timestamp PRIMARY KEY)",
                "INSERT INTO ts SELECT timestamp '2000-01-01' + i * interval '1 minute 1.5 seconds' FROM generate_series(1, 2100) i",
                "INSERT INTO ts VALUES ('infinity'), ('-infinity'), ('0044-03-15 10:00:00 BC')");

        split(db, "public.n", Optional.empty()).assertCoversExactly(3001);
        split(db, "public.ts", Optional.empty()).assertCoversExactly(2103);
    }

    @Test
    void emptyAndOneRowTablesAreOneChunk() {
        TestDatabase db = TestDatabase.create(server, "small");
        db.execute("CREATE TABLE empty_int (id int PRIMARY KEY)", "CREATE TABLE empty_text (id text PRIMARY KEY)",
                "CREATE TABLE one (id int PRIMARY KEY)", "INSERT INTO one VALUES (42)");

        assertThat(split(db, "public.empty_int", Optional.empty()).ranges()).containsExactly(ChunkRange.all());
        assertThat(split(db, "public.empty_text", Optional.empty()).ranges()).containsExactly(ChunkRange.all());
        Split one = split(db, "public.one", Optional.empty());
        assertThat(one.ranges()).containsExactly(ChunkRange.all());
        one.assertCoversExactly(1);
    }

    @Test
    void tableWithoutPrimaryKeyIsOneUnorderedChunk() {
        TestDatabase db = TestDatabase.create(server, "nokey");
        db.execute("CREATE TABLE t (a int, b text)", "ALTER TABLE t REPLICA IDENTITY FULL",
                "INSERT INTO t SELECT i % 10, 'x' FROM generate_series(1, 3000) i");

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).containsExactly(ChunkRange.all());
        assertThat(split.rowsPerChunk()).containsExactly(3000);
    }

    @Test
    void resumesAfterTheLastChunkMadeForEvenAndSampledSplits() {
        TestDatabase db = TestDatabase.create(server, "resume");
        db.execute("CREATE TABLE dense (id int PRIMARY KEY)", "INSERT INTO dense SELECT generate_series(1, 6000)", "ANALYZE dense",
                "CREATE TABLE sparse (id text COLLATE \"C\" PRIMARY KEY)", "INSERT INTO sparse SELECT md5(i::text) FROM generate_series(1, 6000) i");

        for (String table : List.of("public.dense", "public.sparse")) {
            Split all = split(db, table, Optional.empty());
            Object[] resumeAfter = all.ranges().get(2).upper().orElseThrow().key();
            Split rest = split(db, table, Optional.of(resumeAfter));

            assertThat(rest.ranges()).as(table).isEqualTo(all.ranges().subList(3, all.ranges().size()));
            List<ChunkRange> combined = new ArrayList<>(all.ranges().subList(0, 3));
            combined.addAll(rest.ranges());
            new Split(all.table(), combined, read(db, all.table(), combined), all.comparator()).assertCoversExactly(6000);
        }
    }

    private record Split(CapturedTable table, List<ChunkRange> ranges, List<List<Object[]>> rows, Comparator<Object[]> comparator) {
        List<Integer> rowsPerChunk() {
            return rows.stream().map(List::size).toList();
        }

        /** Every row once; rows in each chunk within its range and in comparator order; chunks contiguous. */
        void assertCoversExactly(long expectedRows) {
            int[] keyIndexes = table.schema().primaryKeyIndexes();
            Set<List<Object>> seen = new HashSet<>();
            long total = 0;
            for (int i = 0; i < ranges.size(); i++) {
                ChunkRange range = ranges.get(i);
                if (i == 0) {
                    assertThat(range.lower()).as("first chunk starts unbounded").isEmpty();
                } else {
                    assertThat(range.lower().orElseThrow().key()).isEqualTo(ranges.get(i - 1).upper().orElseThrow().key());
                }
                Object[] previous = null;
                for (Object[] row : rows.get(i)) {
                    Object[] key = Arrays.stream(keyIndexes).mapToObj(k -> row[k]).toArray();
                    assertThat(seen.add(Arrays.asList(key))).as("key %s read once", Arrays.toString(key)).isTrue();
                    if (keyIndexes.length > 0) {
                        assertThat(within(key, range)).as("key %s within %s", Arrays.toString(key), range).isTrue();
                        if (previous != null) {
                            assertThat(comparator.compare(previous, key)).as("SQL order %s before %s", Arrays.toString(previous),
                                    Arrays.toString(key)).isNegative();
                        }
                    }
                    previous = key;
                    total++;
                }
            }
            assertThat(ranges.get(ranges.size() - 1).upper()).as("last chunk ends unbounded").isEmpty();
            assertThat(total).isEqualTo(expectedRows);
        }

        private boolean within(Object[] key, ChunkRange range) {
            return range.lower().map(b -> compareToBound(key, b) >= (b.inclusive() ? 0 : 1)).orElse(true)
                    && range.upper().map(b -> compareToBound(key, b) <= (b.inclusive() ? 0 : -1)).orElse(true);
        }

        private int compareToBound(Object[] key, KeyBound bound) {
            return Integer.signum(comparator.compare(key, bound.key()));
        }
    }

    private static Split split(TestDatabase db, String tables, Optional<Object[]> resumeAfter) {
        Map<String, String> settings = db.settings(tables);
        settings.put("scan.incremental.snapshot.chunk.size", "1000");
        PostgresDialect dialect = new PostgresDialect(TestDatabase.options(settings));
        CapturedTable table = dialect.discoverTables().get(0);
        List<ChunkRange> ranges = new ArrayList<>();
        try (ChunkSplitter splitter = dialect.createChunkSplitter(table, resumeAfter)) {
            for (Optional<ChunkRange> next = splitter.next(); next.isPresent(); next = splitter.next()) {
                ranges.add(next.get());
            }
        }
        return new Split(table, ranges, read(db, table, ranges), dialect.keyComparator(table.schema()));
    }

    private static List<List<Object[]>> read(TestDatabase db, CapturedTable table, List<ChunkRange> ranges) {
        PostgresDialect dialect = db.dialect(table.tableId().schema().orElseThrow() + "." + table.tableId().table());
        List<List<Object[]>> rows = new ArrayList<>();
        try (SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch(); ChunkReader reader = dialect.openChunkReader()) {
            for (ChunkRange range : ranges) {
                List<Object[]> chunk = new ArrayList<>();
                try (RowCursor cursor = reader.open(table.tableId(), table.schema(), range, epoch.handle())) {
                    while (cursor.next()) {
                        chunk.add(cursor.row());
                    }
                }
                rows.add(chunk);
            }
        }
        return rows;
    }
}
