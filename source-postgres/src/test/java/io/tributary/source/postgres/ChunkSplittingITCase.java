package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.testing.TestingPostgresServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every splitting strategy must cut a table into chunks that hold every row exactly once, one after the other in the server's key order. */
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
    void textKeyInCCollationIsCutAtSampledBoundaries() {
        TestDatabase db = TestDatabase.create(server, "text_c");
        db.execute("CREATE TABLE t (code text COLLATE \"C\" PRIMARY KEY)",
                "INSERT INTO t SELECT md5(i::text) || chr(65 + i % 50) || chr(256 + i % 3000) FROM generate_series(1, 3000) i",
                "INSERT INTO t VALUES ('Zebra'), ('apple'), ('Äpfel'), ('😀 emoji'), ('\uE000 private use'), ('a'), ('A'), ('')");

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).hasSizeGreaterThan(3);
        split.assertCoversExactly(3008);
        assertThat(split.keys()).as("C orders by code point").isSortedAccordingTo(CODE_POINT_ORDER);
    }

    @Test
    void textKeyInTheDatabaseDefaultCollationIsCutAtSampledBoundaries() {
        TestDatabase db = TestDatabase.create(server, "text_default");
        db.execute("CREATE TABLE t (code text PRIMARY KEY, v int)", "INSERT INTO t " + variantKeys(3000));

        Split split = split(db, "public.t", Optional.empty());

        assertThat(db.queryString("SELECT datcollate FROM pg_database WHERE datname = current_database()")).isNotIn("C", "POSIX");
        assertThat(split.ranges()).hasSize(3);
        split.assertCoversExactly(3000);
    }

    @Test
    void textKeyInALinguisticCollationIsCutInThatCollation() {
        TestDatabase db = TestDatabase.create(server, "text_icu");
        db.execute("CREATE TABLE t (code varchar(40) COLLATE \"en-x-icu\" PRIMARY KEY, v int)", "INSERT INTO t " + variantKeys(3000));

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).hasSize(3);
        split.assertCoversExactly(3000);
        List<Object> keys = split.keys().stream().map(k -> k.get(0)).toList();
        assertThat(keys.indexOf("apple 7")).as("linguistic, not code-point order").isLessThan(keys.indexOf("Zebra 7"));
        assertThat(keys.indexOf("a-b 7")).isLessThan(keys.indexOf("ab 7")).isLessThan(keys.indexOf("AB 7")).isLessThan(keys.indexOf("b 7"));
        assertThat(keys.indexOf("é 7")).isLessThan(keys.indexOf("É 7")).isLessThan(keys.indexOf("f 7"));
    }

    @Test
    void aChunkOfALinguisticTextKeyResumesAfterAnyKey() {
        TestDatabase db = TestDatabase.create(server, "text_resume");
        db.execute("CREATE TABLE t (code text COLLATE \"en-x-icu\" PRIMARY KEY, v int)", "INSERT INTO t " + variantKeys(3000));
        Split split = split(db, "public.t", Optional.empty());
        PostgresDialect dialect = db.dialect("public.t");

        try (SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch(); ChunkReader<PostgresSnapshotMarker> reader = dialect.openChunkReader()) {
            for (int chunk = 0; chunk < split.ranges().size(); chunk++) {
                ChunkRange range = split.ranges().get(chunk);
                List<Object[]> rows = split.rows().get(chunk);
                for (int read = 0; read < rows.size(); read += 97) {
                    Object[] lastEmitted = {rows.get(read)[0]};
                    List<Object[]> rest = read(reader, split.table(), range.after(lastEmitted), epoch.view());

                    assertThat(rest).as("%s after %s", range, lastEmitted[0]).map(Arrays::asList)
                            .containsExactlyElementsOf(rows.subList(read + 1, rows.size()).stream().map(Arrays::asList).toList());
                }
            }
        }
    }

    @Test
    void textKeyInANondeterministicCollationIsCutInThatCollation() {
        TestDatabase db = TestDatabase.create(server, "text_ci");
        db.execute("CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
                "CREATE TABLE t (code text COLLATE case_insensitive PRIMARY KEY)",
                "INSERT INTO t SELECT (ARRAY['a', 'á', 'ä', 'a b', 'a-b', 'a_b', 'ab', 'B', 'zebra', 'Äpfel', 'ß', 'ss', 'œ', 'oe'])[1 + i % 14] "
                        + "|| ' ' || (i / 14) FROM generate_series(0, 2799) i",
                "INSERT INTO t VALUES ('Straße'), ('strasse')");

        Split split = split(db, "public.t", Optional.empty());

        assertThat(split.ranges()).hasSize(3);
        split.assertCoversExactly(2802);
    }

    @Test
    void enumJsonbAndDomainKeysAreCutAtSampledBoundaries() {
        TestDatabase db = TestDatabase.create(server, "enum_json");
        db.execute("CREATE TYPE \"Mood\" AS ENUM ('sad', 'ok', 'happy')", "CREATE DOMAIN label AS text COLLATE \"en-x-icu\"",
                "CREATE TABLE e (mood \"Mood\", name label, PRIMARY KEY (mood, name))",
                "INSERT INTO e SELECT (ARRAY['happy', 'sad', 'ok'])[1 + i % 3]::\"Mood\", (ARRAY['x', 'X', 'é', 'E', 'e f'])[1 + i % 5] || (i / 15) "
                        + "FROM generate_series(0, 2999) i",
                "CREATE TABLE j (doc jsonb PRIMARY KEY)",
                "INSERT INTO j SELECT CASE i % 5 WHEN 0 THEN jsonb_build_object('n', i) WHEN 1 THEN to_jsonb(i) WHEN 2 THEN to_jsonb('s ' || i) "
                        + "WHEN 3 THEN jsonb_build_array(i, 'x') ELSE to_jsonb(i / 1000.0) END FROM generate_series(1, 2500) i",
                "INSERT INTO j VALUES ('null'), ('true'), ('false'), ('{}'), ('[]'), ('\"\"'), ('{\"a\": {\"b\": [1, 2.50]}}')");

        Split moods = split(db, "public.e", Optional.empty());
        Split docs = split(db, "public.j", Optional.empty());

        assertThat(moods.ranges()).hasSize(3);
        moods.assertCoversExactly(3000);
        assertThat(moods.keys().stream().map(k -> k.get(0)).distinct().toList()).as("enum order").containsExactly("sad", "ok", "happy");
        assertThat(docs.ranges()).hasSize(3);
        docs.assertCoversExactly(2507);
    }

    @Test
    void uuidKeyIsCutAtSampledBoundaries() {
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
        db.execute("CREATE TABLE t (tenant int, code text, at timestamptz, amount numeric(10,2), PRIMARY KEY (tenant, code, at))",
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
                "CREATE TABLE sparse (id text PRIMARY KEY)", "INSERT INTO sparse SELECT md5(i::text) FROM generate_series(1, 6000) i",
                "CREATE TABLE linguistic (id text COLLATE \"en-x-icu\" PRIMARY KEY, v int)", "INSERT INTO linguistic " + variantKeys(6000));

        for (String table : List.of("public.dense", "public.sparse", "public.linguistic")) {
            Split all = split(db, table, Optional.empty());
            Object[] resumeAfter = all.ranges().get(2).upper().orElseThrow().key();
            Split rest = split(db, table, Optional.of(resumeAfter));

            assertThat(rest.ranges()).as(table).isEqualTo(all.ranges().subList(3, all.ranges().size()));
            List<ChunkRange> combined = new ArrayList<>(all.ranges().subList(0, 3));
            combined.addAll(rest.ranges());
            new Split(all.table(), combined, read(db, all.table(), combined), all.sqlOrder()).assertCoversExactly(6000);
        }
    }

    /** Keys differing only in case, accents, spaces or punctuation, whose linguistic order differs from their code-point order. */
    private static final List<String> VARIANTS = List.of("apple", "Apple", "äpple", "Äpfel", "a b", "a-b", "a_b", "ab", "AB", "b", "Zebra",
            "zebra", "ß", "ss", "e", "é", "E", "É", "f", "😀", "\uE000");

    private static final Comparator<List<Object>> CODE_POINT_ORDER = (a, b) -> Arrays.compare(((String) a.get(0)).codePoints().toArray(),
            ((String) b.get(0)).codePoints().toArray());

    /** A SELECT of {@code rows} distinct (text, int) rows made of {@link #VARIANTS} and a number. */
    private static String variantKeys(int rows) {
        String variants = VARIANTS.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
        return "SELECT (ARRAY[" + variants + "])[1 + i % " + VARIANTS.size() + "] || ' ' || (i / " + VARIANTS.size() + "), i "
                + "FROM generate_series(0, " + (rows - 1) + ") i";
    }

    /**
     * A table's chunks and their rows, and the table's keys in the server's key order (the whole
     * table read as one chunk).
     */
    private record Split(CapturedTable table, List<ChunkRange> ranges, List<List<Object[]>> rows, List<List<Object>> sqlOrder) {
        List<Integer> rowsPerChunk() {
            return rows.stream().map(List::size).toList();
        }

        /** The keys of all chunks, chunk after chunk. */
        List<List<Object>> keys() {
            int[] keyIndexes = table.schema().primaryKeyIndexes();
            return rows.stream().flatMap(List::stream).map(row -> Arrays.stream(keyIndexes).mapToObj(k -> row[k]).toList()).toList();
        }

        /** Chunks contiguous; every row once; one chunk after the other, their keys in the server's order. */
        void assertCoversExactly(long expectedRows) {
            for (int i = 0; i < ranges.size(); i++) {
                ChunkRange range = ranges.get(i);
                if (i == 0) {
                    assertThat(range.lower()).as("first chunk starts unbounded").isEmpty();
                } else {
                    assertThat(range.lower().orElseThrow().key()).isEqualTo(ranges.get(i - 1).upper().orElseThrow().key());
                }
            }
            assertThat(ranges.get(ranges.size() - 1).upper()).as("last chunk ends unbounded").isEmpty();
            assertThat(rows.stream().mapToLong(List::size).sum()).isEqualTo(expectedRows);
            if (table.schema().hasPrimaryKey()) {
                assertThat(keys()).containsExactlyElementsOf(sqlOrder);
            }
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
        List<List<Object>> sqlOrder = new Split(table, List.of(ChunkRange.all()), read(db, table, List.of(ChunkRange.all())), List.of()).keys();
        return new Split(table, ranges, read(db, table, ranges), sqlOrder);
    }

    private static List<List<Object[]>> read(TestDatabase db, CapturedTable table, List<ChunkRange> ranges) {
        PostgresDialect dialect = db.dialect(table.tableId().schema().orElseThrow() + "." + table.tableId().table());
        List<List<Object[]>> rows = new ArrayList<>();
        try (SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch(); ChunkReader<PostgresSnapshotMarker> reader = dialect.openChunkReader()) {
            for (ChunkRange range : ranges) {
                rows.add(read(reader, table, range, epoch.view()));
            }
        }
        return rows;
    }

    private static List<Object[]> read(ChunkReader<PostgresSnapshotMarker> reader, CapturedTable table, ChunkRange range, SnapshotView<PostgresSnapshotMarker> view) {
        List<Object[]> rows = new ArrayList<>();
        try (RowCursor<PostgresSnapshotMarker> cursor = reader.open(SnapshotSplit.fresh(table, 0, range), view)) {
            while (cursor.next()) {
                rows.add(cursor.row());
            }
        }
        return rows;
    }
}
