package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.testing.TestingPostgresServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChunkReaderITCase {
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
    void chunksReadUnderAnEpochSeeItsSnapshotWhateverChangesMeanwhile() {
        TestDatabase db = TestDatabase.create(server, "epoch");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t SELECT i, 'old' FROM generate_series(1, 100) i");
        PostgresDialect dialect = db.dialect("public.t");
        CapturedTable table = dialect.discoverTables().get(0);

        try (SnapshotEpoch<PostgresSnapshotMarker> first = dialect.openSnapshotEpoch(); ChunkReader<PostgresSnapshotMarker> reader = dialect.openChunkReader()) {
            db.execute("UPDATE t SET v = 'new' WHERE id <= 50", "DELETE FROM t WHERE id > 90", "INSERT INTO t VALUES (1000, 'new')");
            List<Object[]> lowHalf = read(reader, table, range(null, 51), first.view());
            try (SnapshotEpoch<PostgresSnapshotMarker> second = dialect.openSnapshotEpoch()) {
                List<Object[]> underSecond = read(reader, table, ChunkRange.all(), second.view());
                List<Object[]> highHalf = read(reader, table, range(51, null), first.view());

                assertThat(lowHalf).hasSize(50).allSatisfy(row -> assertThat(row[1]).isEqualTo("old"));
                assertThat(highHalf).hasSize(50).allSatisfy(row -> assertThat(row[1]).isEqualTo("old"));
                assertThat(underSecond).hasSize(91);
                assertThat(underSecond.subList(0, 50)).allSatisfy(row -> assertThat(row[1]).isEqualTo("new"));
                assertThat(underSecond.get(90)).containsExactly(1000, "new");
                assertThat(second.marker().xmax()).isGreaterThan(first.marker().xmax());
            }
        }
    }

    @Test
    void resumesAChunkAfterItsLastKeyAndStreamsLargeChunksThroughACursor() {
        TestDatabase db = TestDatabase.create(server, "cursor");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, payload text)", "INSERT INTO t SELECT i, repeat('x', 100) FROM generate_series(1, 20000) i");
        java.util.Map<String, String> settings = db.settings("public.t");
        settings.put("scan.snapshot.fetch.size", "100");
        PostgresDialect dialect = new PostgresDialect(TestDatabase.options(settings));
        CapturedTable table = dialect.discoverTables().get(0);

        try (SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch(); ChunkReader<PostgresSnapshotMarker> reader = dialect.openChunkReader()) {
            List<Object[]> all = read(reader, table, ChunkRange.all(), epoch.view());
            List<Object[]> rest = read(reader, table, ChunkRange.all().after(new Object[] {12345}), epoch.view());
            List<Object[]> head = read(reader, table, ChunkRange.all().upTo(new Object[] {12345}), epoch.view());

            assertThat(all).hasSize(20000);
            assertThat(rest).hasSize(20000 - 12345);
            assertThat(rest.get(0)[0]).isEqualTo(12346);
            assertThat(head).hasSize(12345);
        }
    }

    @Test
    void aClosedEpochCannotBeReadUnder() {
        TestDatabase db = TestDatabase.create(server, "closed");
        db.execute("CREATE TABLE t (id int PRIMARY KEY)");
        PostgresDialect dialect = db.dialect("public.t");
        CapturedTable table = dialect.discoverTables().get(0);
        SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch();
        SnapshotView<PostgresSnapshotMarker> view = epoch.view();
        epoch.close();

        try (ChunkReader<PostgresSnapshotMarker> reader = dialect.openChunkReader()) {
            assertThatThrownBy(() -> read(reader, table, ChunkRange.all(), view))
                    .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ_FAILED))
                    .hasMessageContaining("no longer exists");
        }
    }

    private static ChunkRange range(Integer lower, Integer upper) {
        return ChunkRange.of(Optional.ofNullable(lower).map(l -> new Object[] {l}), Optional.ofNullable(upper).map(u -> new Object[] {u}));
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
