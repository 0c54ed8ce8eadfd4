package io.tributary.source.postgres;

import static io.tributary.source.postgres.StreamPolling.changes;
import static io.tributary.source.postgres.StreamPolling.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.testing.TestingPostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stream drops exactly the changes the snapshot chunk holding each key already contains. */
class VisibilityITCase {
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
    void changesAreDroppedWhereTheChunksEpochSawThemAndEmittedWhereItDidNot() throws Exception {
        TestDatabase db = TestDatabase.create(server, "visibility");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t SELECT i, 0 FROM generate_series(1, 100) i");
        PostgresDialect dialect = db.dialect("public.t");
        CapturedTable table = dialect.discoverTables().get(0);
        PostgresPosition start = dialect.prepareStream();

        db.execute("UPDATE t SET v = 1 WHERE id IN (10, 60)");
        PostgresSnapshotMarker first;
        PostgresSnapshotMarker second;
        try (Connection open = db.connect()) {
            open.setAutoCommit(false);
            try (Statement statement = open.createStatement()) {
                statement.execute("UPDATE t SET v = 9 WHERE id IN (20, 70)");
            }
            try (SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch()) {
                first = epoch.marker();
            }
            open.commit();
        }
        db.execute("UPDATE t SET v = 2 WHERE id IN (10, 60)", "UPDATE t SET id = 150 WHERE id = 15");
        try (SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch()) {
            second = epoch.marker();
        }
        db.execute("UPDATE t SET v = 3 WHERE id IN (10, 60)", "INSERT INTO t VALUES (1000, 4)");

        FixedSnapshotCoverage coverage = FixedSnapshotCoverage.none()
                .range(table, Optional.empty(), Optional.of(new Object[] {50}), first, dialect.chunkKeyOrder(table.schema(), table.chunkKey()))
                .range(table, Optional.of(new Object[] {50}), Optional.empty(), second, dialect.chunkKeyOrder(table.schema(), table.chunkKey()));
        List<DataChangeEvent> emitted;
        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, Map.of(table.tableId(), table.schema()), coverage)) {
            emitted = changes(pollUntil(reader, records -> changes(records).stream().anyMatch(e -> e.keyRow()[0].equals(1000))));
        }

        assertThat(emitted).extracting(VisibilityITCase::describe).containsExactly(
                "u20=9", // committed after the first epoch began: its chunk lacks it
                "u10=2", // between the epochs: key 10's chunk (first epoch) lacks it; key 60's (second) has it
                "d15", // moved from 15 (first epoch: still there) to 150 (second epoch: already there): only the delete is missing
                "u10=3", "u60=3", // after both epochs
                "c1000=4");
    }

    private static String describe(DataChangeEvent event) {
        Object[] row = event.keyRow();
        return event.operation().code() + String.valueOf(row[0]) + event.after().map(a -> "=" + a[1]).orElse("");
    }
}
