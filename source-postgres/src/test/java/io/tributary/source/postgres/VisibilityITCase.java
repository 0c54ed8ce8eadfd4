package io.tributary.source.postgres;

import static io.tributary.source.postgres.StreamPolling.changes;
import static io.tributary.source.postgres.StreamPolling.events;
import static io.tributary.source.postgres.StreamPolling.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
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

    /**
     * Beside the stream, the reader asks whether a chunk's view holds each change it hands on, by
     * the transaction id the change carries: the transaction open while the view was taken is not
     * held, one committed before it is, one after it is not.
     */
    @Test
    void aViewHoldsTheChangesOfTransactionsItSees() throws Exception {
        TestDatabase db = TestDatabase.create(server, "holds");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t SELECT i, 0 FROM generate_series(1, 10) i");
        PostgresDialect dialect = db.dialect("public.t");
        CapturedTable table = dialect.discoverTables().get(0);
        PostgresPosition start = dialect.prepareStream();

        db.execute("UPDATE t SET v = 1 WHERE id = 1");
        PostgresSnapshotMarker view;
        try (Connection open = db.connect()) {
            open.setAutoCommit(false);
            try (Statement statement = open.createStatement()) {
                statement.execute("UPDATE t SET v = 2 WHERE id = 2");
            }
            try (SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch()) {
                view = epoch.marker();
            }
            open.commit();
        }
        db.execute("UPDATE t SET v = 3 WHERE id = 3");

        List<io.tributary.core.source.dialect.StreamRecord<PostgresPosition>> records;
        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, Map.of(table.tableId(), table.schema()), FixedSnapshotCoverage.none())) {
            records = pollUntil(reader, polled -> changes(polled).stream().anyMatch(e -> e.keyRow()[0].equals(3))).stream()
                    .filter(record -> record.event().filter(DataChangeEvent.class::isInstance).isPresent()).toList();
        }

        assertThat(records).extracting(record -> ((DataChangeEvent) record.event().get()).keyRow()[0] + "=" + dialect.viewHoldsChange(view, record))
                .containsExactly("1=true", "2=false", "3=false");
    }

    /** A renewed view is a new snapshot on the same session: it sees what committed since, and chunk readers can import it. */
    @Test
    void aRenewedViewSeesLaterCommitsAndCanBeImported() throws Exception {
        TestDatabase db = TestDatabase.create(server, "renewed");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t VALUES (1, 0)");
        PostgresDialect dialect = db.dialect("public.t");
        SnapshotEpoch<PostgresSnapshotMarker> first = dialect.openSnapshotEpoch();
        db.execute("UPDATE t SET v = 5 WHERE id = 1");

        try (SnapshotEpoch<PostgresSnapshotMarker> renewed = dialect.renewSnapshotEpoch(first); Connection reader = db.connect()) {
            assertThat(renewed.marker().xmax()).isGreaterThan(first.marker().xmax());
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                statement.execute("SET TRANSACTION SNAPSHOT '" + renewed.handle() + "'");
                try (java.sql.ResultSet rs = statement.executeQuery("SELECT v FROM t WHERE id = 1")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(5);
                }
            }
            reader.rollback();
        }
    }

    /**
     * A table created after discovery is in no chunk: all its changes are emitted, even those of a
     * transaction every epoch sees (whose changes of snapshotted tables the chunks hold). Its first
     * change comes after a CreateTable; tables 'tables' does not match stay out. PostgreSQL 14 has no
     * FOR TABLES IN SCHEMA, so a FOR ALL TABLES publication made by hand brings new tables here.
     */
    @Test
    void aTableCreatedAfterDiscoveryHasEveryChangeEmittedAndIsAnnouncedFirst() throws Exception {
        TestDatabase db = TestDatabase.create(server, "created");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t SELECT i, 0 FROM generate_series(1, 10) i",
                "CREATE PUBLICATION everything FOR ALL TABLES");
        Map<String, String> settings = db.settings("public.t, " + db.name() + ".public.fresh_\\.*");
        settings.put("publication.name", "everything");
        PostgresDialect dialect = new PostgresDialect(TestDatabase.options(settings));
        CapturedTable table = dialect.discoverTables().get(0);
        PostgresPosition start = dialect.prepareStream();

        db.execute("CREATE TABLE fresh_1 (id int PRIMARY KEY, v text NOT NULL)", "CREATE TABLE other (id int PRIMARY KEY)");
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("UPDATE t SET v = 1 WHERE id = 1");
                statement.execute("INSERT INTO fresh_1 VALUES (1, 'before the epoch')");
                statement.execute("INSERT INTO other VALUES (1)");
            }
            connection.commit();
        }
        PostgresSnapshotMarker marker;
        try (SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch()) {
            marker = epoch.marker();
        }
        db.execute("INSERT INTO fresh_1 VALUES (2, 'after the epoch')", "INSERT INTO other VALUES (2)", "UPDATE t SET v = 2 WHERE id = 2");

        FixedSnapshotCoverage coverage = FixedSnapshotCoverage.none().whole(table.tableId(), marker);
        List<Event> events;
        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, Map.of(table.tableId(), table.schema()), coverage)) {
            events = events(pollUntil(reader, records -> changes(records).stream().anyMatch(e -> e.tableId().equals(table.tableId()))));
        }

        TableId fresh = TableId.of(db.name(), "public", "fresh_1");
        assertThat(events.get(0)).isEqualTo(SchemaChangeEvent.createTable(fresh, new TableSchema(List.of(
                new Column("id", DataType.of(TypeKind.INTEGER).notNull()), new Column("v", DataType.of(TypeKind.TEXT).notNull())), List.of("id"))));
        assertThat(events.subList(1, events.size())).extracting(e -> e.tableId().table() + ":" + describe((DataChangeEvent) e)).containsExactly(
                "fresh_1:c1=before the epoch", // the epoch sees its transaction, whose update of t the chunk holds; fresh_1 is in no chunk
                "fresh_1:c2=after the epoch",
                "t:u2=2");
    }

    private static String describe(DataChangeEvent event) {
        Object[] row = event.keyRow();
        return event.operation().code() + String.valueOf(row[0]) + event.after().map(a -> "=" + a[1]).orElse("");
    }
}
