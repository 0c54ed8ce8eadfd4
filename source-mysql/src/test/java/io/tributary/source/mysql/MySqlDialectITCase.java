package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.testing.TestingMariaDbServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery, type mapping, chunking and chunk reading against a real MariaDB. */
class MySqlDialectITCase {
    private static TestingMariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = TestingMariaDbServer.start();
        server.createDatabase("types");
        server.createDatabase("chunks");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static MySqlDialect dialect(String tables, int chunkSize) {
        Map<String, String> settings = MariaDbTestSettings.snapshotOf(server, tables);
        settings.put("scan.incremental.snapshot.chunk.size", Integer.toString(chunkSize));
        return new MySqlDialect(MariaDbTestSettings.options(settings));
    }

    @Test
    void mapsEveryColumnTypeAndReadsItsValues() {
        server.execute("types", "CREATE TABLE every_type (id INT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, "
                + "mi MEDIUMINT UNSIGNED, i INT NOT NULL, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, dec_ DECIMAL(12,3), f FLOAT, d DOUBLE, "
                + "b1 BIT(1), b12 BIT(12), flag BOOLEAN, c CHAR(3), vc VARCHAR(20), t TEXT, bin BINARY(4), vb VARBINARY(8), bl BLOB, "
                + "dt DATE, tm TIME(3), dtm DATETIME(6), ts TIMESTAMP(2) NULL, y YEAR, e ENUM('small','large'), st SET('a','b'), j JSON)",
                "SET time_zone = '+02:00'",
                "INSERT INTO every_type VALUES (1, -128, 255, -32768, 65535, 16777215, 7, 4294967295, -9223372036854775808, 18446744073709551615, "
                        + "123456789.125, 1.5, 2.25, b'1', b'101010101010', TRUE, 'ab', 'Grüße', 'long text', x'01020304', x'ff00', x'cafe', "
                        + "'2024-02-29', '12:34:56.789', '2024-01-02 03:04:05.123456', '2024-06-01 12:00:00.5', 2024, 'large', 'a,b', '{\"k\": [1, 2]}')",
                "INSERT INTO every_type (id, i, dt, dtm) VALUES (2, 0, '0000-00-00', '0000-00-00 00:00:00')");
        MySqlDialect dialect = dialect("types.every_type", 100);
        CapturedTable table = dialect.discoverTables().get(0);
        TableSchema schema = table.schema();
        assertThat(schema.primaryKey()).containsExactly("id");
        Map<String, String> types = new HashMap<>();
        schema.columns().forEach(c -> types.put(c.name(), c.type().toString()));
        assertThat(types).containsEntry("id", "INTEGER NOT NULL").containsEntry("ti", "SMALLINT").containsEntry("tiu", "SMALLINT")
                .containsEntry("si", "SMALLINT").containsEntry("siu", "INTEGER").containsEntry("mi", "INTEGER").containsEntry("i", "INTEGER NOT NULL")
                .containsEntry("iu", "BIGINT").containsEntry("bi", "BIGINT").containsEntry("biu", "DECIMAL(20,0)").containsEntry("dec_", "DECIMAL(12,3)")
                .containsEntry("f", "FLOAT").containsEntry("d", "DOUBLE").containsEntry("b1", "BOOLEAN").containsEntry("b12", "BYTES(2)")
                .containsEntry("flag", "BOOLEAN").containsEntry("c", "CHAR(3)").containsEntry("vc", "VARCHAR(20)").containsEntry("t", "TEXT")
                .containsEntry("bin", "BYTES(4)").containsEntry("vb", "BYTES(8)").containsEntry("bl", "BYTES").containsEntry("dt", "DATE")
                .containsEntry("tm", "TIME(3)").containsEntry("dtm", "TIMESTAMP(6)").containsEntry("ts", "TIMESTAMP_TZ(2)").containsEntry("y", "INTEGER")
                .containsEntry("e", "VARCHAR(5)").containsEntry("st", "VARCHAR(3)").containsEntry("j", "JSON");

        List<Object[]> rows = readAll(dialect, table, ChunkRange.all());
        assertThat(rows).hasSize(2);
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            row.put(schema.columns().get(i).name(), rows.get(0)[i]);
            Object value = rows.get(0)[i];
            DataType type = schema.columns().get(i).type();
            assertThat(value).as(schema.columns().get(i).name()).isInstanceOf(type.kind().javaClass());
        }
        assertThat(row).containsEntry("ti", (short) -128).containsEntry("tiu", (short) 255).containsEntry("siu", 65535)
                .containsEntry("iu", 4294967295L).containsEntry("bi", Long.MIN_VALUE).containsEntry("biu", new BigDecimal("18446744073709551615"))
                .containsEntry("dec_", new BigDecimal("123456789.125")).containsEntry("f", 1.5f).containsEntry("d", 2.25).containsEntry("b1", true)
                .containsEntry("flag", true).containsEntry("vc", "Grüße").containsEntry("dt", LocalDate.of(2024, 2, 29))
                .containsEntry("tm", LocalTime.of(12, 34, 56, 789_000_000)).containsEntry("dtm", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000))
                .containsEntry("ts", OffsetDateTime.of(2024, 6, 1, 10, 0, 0, 500_000_000, ZoneOffset.UTC)).containsEntry("y", 2024)
                .containsEntry("e", "large").containsEntry("st", "a,b").containsEntry("j", "{\"k\": [1, 2]}");
        assertThat((byte[]) row.get("b12")).containsExactly(0x0a, 0xaa);
        assertThat((byte[]) row.get("bin")).containsExactly(1, 2, 3, 4);
        Object[] zeroDates = rows.get(1);
        assertThat(zeroDates[schema.indexOf("dt").getAsInt()]).as("zero date").isNull();
        assertThat(zeroDates[schema.indexOf("dtm").getAsInt()]).as("zero datetime").isNull();
    }

    @Test
    void readsTinyint1AsANumberWhenAskedAndPassesDriverProperties() throws Exception {
        server.execute("types", "CREATE TABLE flags (id INT PRIMARY KEY, flag TINYINT(1), yes BOOLEAN)",
                "INSERT INTO flags VALUES (1, 5, TRUE), (2, 0, FALSE)");
        Map<String, String> settings = MariaDbTestSettings.snapshotOf(server, "types.flags");
        settings.put("treat-tinyint1-as-boolean.enabled", "false");
        settings.put("jdbc.properties.sessionVariables", "lock_wait_timeout=123");
        MySqlSourceOptions options = MariaDbTestSettings.options(settings);
        MySqlDialect dialect = new MySqlDialect(options);
        CapturedTable table = dialect.discoverTables().get(0);
        assertThat(table.schema().columns()).extracting(c -> c.name() + " " + c.type()).containsExactly("id INTEGER NOT NULL", "flag SMALLINT",
                "yes SMALLINT");
        assertThat(readAll(dialect, table, ChunkRange.all())).extracting(row -> row[1]).containsExactly((short) 5, (short) 0);

        MySqlDialect defaults = dialect("types.flags", 100);
        CapturedTable asBooleans = defaults.discoverTables().get(0);
        assertThat(asBooleans.schema().columns()).extracting(c -> c.type().kind()).containsExactly(TypeKind.INTEGER, TypeKind.BOOLEAN, TypeKind.BOOLEAN);

        try (Connection connection = new MySqlConnectionFactory(options).open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT @@session.lock_wait_timeout")) {
            rs.next();
            assertThat(rs.getLong(1)).as("a jdbc.properties.* key reached the driver").isEqualTo(123);
        }
    }

    @Test
    void cutsTextKeysInTheColumnsCollationSoEveryRowIsReadOnce() {
        server.execute("chunks", "CREATE TABLE words (w VARCHAR(20) COLLATE utf8mb4_general_ci PRIMARY KEY, n INT)");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String word = (i % 2 == 0 ? "w" : "W") + String.format("%03d", (i * 37) % 200) + (i % 3 == 0 ? "ä" : "a");
            words.add(word);
            server.execute("chunks", "INSERT INTO words VALUES ('" + word + "', " + i + ")");
        }
        MySqlDialect dialect = dialect("chunks.words", 7);
        CapturedTable table = dialect.discoverTables().get(0);
        List<ChunkRange> ranges = split(dialect, table, Optional.empty());
        assertThat(ranges).hasSizeGreaterThan(20);
        assertThat(ranges.get(0).lower()).isEmpty();
        assertThat(ranges.get(ranges.size() - 1).upper()).isEmpty();
        List<String> read = new ArrayList<>();
        for (ChunkRange range : ranges) {
            List<Object[]> rows = readAll(dialect, table, range);
            assertThat(rows.size()).as("rows of " + range).isLessThanOrEqualTo(7);
            rows.forEach(r -> read.add((String) r[0]));
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(words);

        ChunkRange fifth = ranges.get(4);
        List<ChunkRange> resumed = split(dialect, table, Optional.of(fifth.upper().orElseThrow().key()));
        assertThat(resumed).isEqualTo(ranges.subList(5, ranges.size()));
    }

    @Test
    void cutsCompositeKeysAndReadsKeylessTablesAsOneChunk() {
        server.execute("chunks", "CREATE TABLE order_lines (order_id INT, line SMALLINT, qty INT, PRIMARY KEY (order_id, line))",
                "INSERT INTO order_lines SELECT seq DIV 10, seq MOD 10, seq FROM seq_0_to_999",
                "CREATE TABLE log_lines (msg VARCHAR(10))", "INSERT INTO log_lines VALUES ('a'), ('b'), ('a')");
        MySqlDialect dialect = dialect("chunks.order_lines", 64);
        CapturedTable table = dialect.discoverTables().get(0);
        List<Integer> quantities = new ArrayList<>();
        List<ChunkRange> ranges = split(dialect, table, Optional.empty());
        assertThat(ranges).hasSize(16);
        for (ChunkRange range : ranges) {
            readAll(dialect, table, range).forEach(r -> quantities.add((Integer) r[2]));
        }
        assertThat(quantities).hasSize(1000).doesNotHaveDuplicates();

        MySqlDialect keyless = dialect("chunks.log_lines", 1);
        CapturedTable logLines = keyless.discoverTables().get(0);
        assertThat(split(keyless, logLines, Optional.empty())).containsExactly(ChunkRange.all());
        assertThat(readAll(keyless, logLines, ChunkRange.all())).hasSize(3);
    }

    @Test
    void cutsADenseIntegerKeyIntoEvenRangesWithoutSampling() {
        server.execute("chunks", "CREATE TABLE dense (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO dense SELECT seq, CONCAT('v', seq) FROM seq_1_to_10000", "ANALYZE TABLE dense");
        MySqlDialect dialect = dialect("chunks.dense", 1000);
        CapturedTable table = dialect.discoverTables().get(0);
        // The width follows the planner's rule from the server's row estimate (exact or close after ANALYZE TABLE).
        long step = (long) Math.ceil(10000.0 / table.estimatedRows() * 1000);

        List<ChunkRange> ranges = split(dialect, table, Optional.empty());

        assertThat(ranges).hasSize((int) Math.ceil(10000.0 / step));
        assertThat(ranges.get(0).lower()).isEmpty();
        assertThat(ranges.get(0).upper().orElseThrow().key()).containsExactly((int) (1 + step));
        assertThat(ranges.get(1).lower().orElseThrow().key()).containsExactly((int) (1 + step));
        assertThat(ranges.get(1).upper().orElseThrow().key()).containsExactly((int) (1 + 2 * step));
        assertThat(ranges.get(ranges.size() - 1).upper()).isEmpty();
        List<Integer> ids = new ArrayList<>();
        for (ChunkRange range : ranges) {
            readAll(dialect, table, range).forEach(r -> ids.add((Integer) r[0]));
        }
        assertThat(ids).hasSize(10000).doesNotHaveDuplicates().isSorted();
        assertThat(split(dialect, table, Optional.of(ranges.get(2).upper().orElseThrow().key()))).isEqualTo(ranges.subList(3, ranges.size()));
    }

    @Test
    void cutsASparseIntegerKeyAtSampledBoundaries() {
        server.execute("chunks", "CREATE TABLE sparse (id BIGINT PRIMARY KEY)",
                "INSERT INTO sparse SELECT seq * seq * seq FROM seq_1_to_5000", "ANALYZE TABLE sparse");
        MySqlDialect dialect = dialect("chunks.sparse", 1000);
        CapturedTable table = dialect.discoverTables().get(0);

        List<ChunkRange> ranges = split(dialect, table, Optional.empty());

        assertThat(ranges).hasSize(5);
        assertThat(ranges.get(1).lower().orElseThrow().key()).as("the 1001st key").containsExactly(1001L * 1001 * 1001);
        List<Integer> rowsPerChunk = ranges.stream().map(range -> readAll(dialect, table, range).size()).toList();
        assertThat(rowsPerChunk).containsExactly(1000, 1000, 1000, 1000, 1000);
    }

    @Test
    void epochMarkerIsTheCurrentBinlogPosition() {
        server.execute("chunks", "CREATE TABLE IF NOT EXISTS marks (id INT PRIMARY KEY)");
        MySqlDialect dialect = dialect("chunks.marks", 10);
        try (SnapshotEpoch<MySqlSnapshotMarker> first = dialect.openSnapshotEpoch()) {
            server.execute("chunks", "INSERT INTO marks VALUES (1)");
            try (SnapshotEpoch<MySqlSnapshotMarker> second = dialect.openSnapshotEpoch()) {
                BinlogPosition before = first.marker().position().orElseThrow();
                BinlogPosition after = second.marker().position().orElseThrow();
                assertThat(before.file()).startsWith("mariadb-bin.");
                assertThat(after.file().compareTo(before.file()) > 0 || after.position() > before.position()).isTrue();
                assertThat(after.gtidSet()).hasValueSatisfying(g -> assertThat(g).matches("\\d+-\\d+-\\d+(,\\d+-\\d+-\\d+)*"));
            }
        }
    }

    @Test
    void refusesAPatternThatMatchesNoTable() {
        assertThatThrownBy(() -> dialect("nowhere.\\.*", 10).discoverTables()).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_NO_TABLES)).hasMessageContaining("nowhere");
    }

    private static List<ChunkRange> split(MySqlDialect dialect, CapturedTable table, Optional<Object[]> resumeAfter) {
        List<ChunkRange> ranges = new ArrayList<>();
        try (ChunkSplitter splitter = dialect.createChunkSplitter(table, resumeAfter)) {
            for (Optional<ChunkRange> next = splitter.next(); next.isPresent(); next = splitter.next()) {
                ranges.add(next.get());
            }
        }
        return ranges;
    }

    private static List<Object[]> readAll(MySqlDialect dialect, CapturedTable table, ChunkRange range) {
        List<Object[]> rows = new ArrayList<>();
        try (ChunkReader<MySqlSnapshotMarker> reader = dialect.openChunkReader(); RowCursor<MySqlSnapshotMarker> cursor = reader.open(SnapshotSplit.fresh(table, 0, range), new SnapshotView<>("", new MySqlSnapshotMarker(Optional.empty())))) {
            while (cursor.next()) {
                rows.add(cursor.row());
            }
        }
        return rows;
    }
}
