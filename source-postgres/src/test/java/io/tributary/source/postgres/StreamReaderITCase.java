package io.tributary.source.postgres;

import static io.tributary.source.postgres.StreamPolling.changes;
import static io.tributary.source.postgres.StreamPolling.events;
import static io.tributary.source.postgres.StreamPolling.pollEvents;
import static io.tributary.source.postgres.StreamPolling.pollUntil;
import static io.tributary.source.postgres.StreamPolling.positionAfterEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.model.UnchangedValue;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.testing.TestingPostgresServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamReaderITCase {
    private static TestingPostgresServer server;

    @BeforeAll
    static void startServer() {
        server = TestingPostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static final String ALL_TYPES = "CREATE TABLE all_types (id int PRIMARY KEY, small smallint, big bigint, r real, d double precision, "
            + "n numeric(20,5), n_any numeric, t text, vc varchar(20), c char(5), b boolean, by bytea, dt date, tm time, ts timestamp, "
            + "tz timestamptz, u uuid, j json, jb jsonb, m mood, code short_code, ints int4[], texts text[], tss timestamptz[], bys bytea[], "
            + "nums numeric[], big_text text)";

    private static final String[] ROWS = {
        "INSERT INTO all_types VALUES (1, -32768, 9223372036854775807, 1.1, '-0', 12345.6789, 1e30, 'héllo 😀 \"q\" \\ back', 'vc', 'ab', "
                + "true, '\\x00ff10', '2024-02-29', '23:59:59.999999', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123+05:30', "
                + "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}', '{\"b\": {\"c\": null}}', 'happy', 'CODE1', '{1,NULL,-3}', "
                + "'{\"a b\",NULL,\"x\\\"y\",\"NULL\",\"\"}', '{\"2020-01-01 00:00:00+00\",NULL}', '{\"\\\\x01ff\"}', '{1.5,-2}', 'short')",
        "INSERT INTO all_types (id, r, d, dt, tm, ts, tz, b, n) VALUES (2, 'NaN', '-Infinity', 'infinity', '24:00:00', '-infinity', 'infinity', "
                + "false, -0.00001)",
        "INSERT INTO all_types (id, dt, ts, tz, r, d) VALUES (3, '0044-03-15 BC', '0044-03-15 10:00:00.5 BC', '0001-01-01 00:00:00+00 BC', "
                + "'Infinity', 'NaN')",
        "INSERT INTO all_types (id) VALUES (4)",
        "INSERT INTO all_types (id, big_text) SELECT 5, string_agg(md5(i::text), '') FROM generate_series(1, 2000) i"
    };

    @Test
    void streamsEveryTypeAsTheSameValuesTheChunkReaderReads() {
        TestDatabase db = TestDatabase.create(server, "values");
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')", "CREATE DOMAIN short_code AS varchar(8)", ALL_TYPES);
        PostgresDialect dialect = db.dialect("public.all_types");
        CapturedTable table = dialect.discoverTables().get(0);
        PostgresPosition start = dialect.prepareStream();
        db.execute(ROWS);

        List<DataChangeEvent> streamed;
        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, schemas(table), FixedSnapshotCoverage.none())) {
            streamed = changes(pollEvents(reader, ROWS.length));
        }
        Map<Object, Object[]> snapshot = readAll(dialect, table);

        assertThat(streamed).extracting(DataChangeEvent::operation).containsOnly(Operation.INSERT);
        for (DataChangeEvent event : streamed) {
            Object[] after = event.after().orElseThrow();
            assertThat(comparable(after)).as("row %s", after[0]).isEqualTo(comparable(snapshot.get(after[0])));
        }
        Object[] first = snapshot.get(1);
        assertThat(comparable(first)).isEqualTo(comparable(new Object[] {1, (short) -32768, Long.MAX_VALUE, 1.1f, -0.0d, new BigDecimal("12345.67890"), new BigDecimal("1000000000000000000000000000000"),
                "héllo 😀 \"q\" \\ back", "vc", "ab   ", true, new byte[] {0, (byte) 0xff, 0x10}, LocalDate.of(2024, 2, 29),
                LocalTime.of(23, 59, 59, 999_999_000), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000),
                OffsetDateTime.of(2024, 1, 1, 21, 34, 5, 123_000_000, ZoneOffset.UTC), UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                "{\"a\": [1, 2]}", "{\"b\": {\"c\": null}}", "happy", "CODE1", Arrays.asList(1, null, -3), Arrays.asList("a b", null, "x\"y", "NULL", ""),
                Arrays.asList(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), null), List.of(new byte[] {1, (byte) 0xff}),
                List.of(new BigDecimal("1.5"), new BigDecimal("-2")), "short"}));
        assertThat(snapshot.get(2)).contains(Float.NaN, Double.NEGATIVE_INFINITY, LocalDate.MAX, LocalTime.MAX, LocalDateTime.MIN,
                LocalDateTime.MAX.atOffset(ZoneOffset.UTC), new BigDecimal("-0.00001"));
        assertThat(snapshot.get(3)).contains(LocalDate.of(-43, 3, 15), LocalDateTime.of(-43, 3, 15, 10, 0, 0, 500_000_000),
                OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), Float.POSITIVE_INFINITY, Double.NaN);
    }

    @Test
    void streamsUpdatesDeletesAndTruncatesWithTheirImages() {
        TestDatabase db = TestDatabase.create(server, "ops");
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')", "CREATE DOMAIN short_code AS varchar(8)", ALL_TYPES,
                "CREATE TABLE full_rows (a int, b text)", "ALTER TABLE full_rows REPLICA IDENTITY FULL");
        db.execute(ROWS);
        db.execute("INSERT INTO full_rows VALUES (1, 'one'), (2, 'two')");
        PostgresDialect dialect = db.dialect("public.\\.*");
        List<CapturedTable> tables = dialect.discoverTables();
        PostgresPosition start = dialect.prepareStream();
        db.execute("UPDATE all_types SET small = 7 WHERE id = 5",
                "UPDATE all_types SET id = 50 WHERE id = 4",
                "DELETE FROM all_types WHERE id = 1",
                "UPDATE full_rows SET b = 'uno' WHERE a = 1",
                "DELETE FROM full_rows WHERE a = 2",
                "TRUNCATE all_types");

        List<Event> events;
        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, schemas(tables), FixedSnapshotCoverage.none())) {
            events = events(pollEvents(reader, 6));
        }

        DataChangeEvent toasted = (DataChangeEvent) events.get(0);
        assertThat(toasted.operation()).isEqualTo(Operation.UPDATE);
        assertThat(toasted.before()).as("no old image when the key is unchanged").isEmpty();
        Object[] after = toasted.after().orElseThrow();
        assertThat(after[1]).isEqualTo((short) 7);
        assertThat(after[after.length - 1]).as("an untouched TOAST value is not sent").isSameAs(UnchangedValue.INSTANCE);

        DataChangeEvent moved = (DataChangeEvent) events.get(1);
        assertThat(moved.before().orElseThrow()[0]).as("old key of a key change").isEqualTo(4);
        assertThat(Arrays.stream(moved.before().orElseThrow()).skip(1)).containsOnlyNulls();
        assertThat(moved.after().orElseThrow()[0]).isEqualTo(50);

        DataChangeEvent deleted = (DataChangeEvent) events.get(2);
        assertThat(deleted.operation()).isEqualTo(Operation.DELETE);
        assertThat(deleted.before().orElseThrow()[0]).isEqualTo(1);
        assertThat(Arrays.stream(deleted.before().orElseThrow()).skip(1)).as("replica identity default logs only the key").containsOnlyNulls();

        DataChangeEvent fullUpdate = (DataChangeEvent) events.get(3);
        assertThat(fullUpdate.before().orElseThrow()).containsExactly(1, "one");
        assertThat(fullUpdate.after().orElseThrow()).containsExactly(1, "uno");
        assertThat(((DataChangeEvent) events.get(4)).before().orElseThrow()).containsExactly(2, "two");

        SchemaChangeEvent truncate = (SchemaChangeEvent) events.get(5);
        assertThat(truncate.tableId()).isEqualTo(TableId.of(db.name(), "public", "all_types"));
        assertThat(truncate.change()).isInstanceOf(SchemaChange.TruncateTable.class);
        assertThat(events).allSatisfy(e -> assertThat(e.tableId().database()).contains(db.name()));
        assertThat(((DataChangeEvent) events.get(0)).sourceTimestampMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    }

    @Test
    void changesCarryTheCommitLsnAndTransactionIdOfTheirTransaction() {
        TestDatabase db = TestDatabase.create(server, "positions");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
        PostgresDialect dialect = db.dialect("public.\\.*");
        List<CapturedTable> tables = dialect.discoverTables();
        PostgresPosition start = dialect.prepareStream();
        db.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        long firstTx = db.queryLong("SELECT xmin::text::bigint FROM t WHERE id = 1");
        db.execute("UPDATE t SET v = 'c' WHERE id = 1");
        long secondTx = db.queryLong("SELECT xmin::text::bigint FROM t WHERE id = 1");

        List<Event> events;
        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, schemas(tables), FixedSnapshotCoverage.none())) {
            events = events(pollEvents(reader, 3));
        }

        List<SourcePosition> positions = events.stream().map(e -> ((DataChangeEvent) e).sourcePosition().orElseThrow()).toList();
        assertThat(positions).extracting(SourcePosition::snapshot).containsOnly(false);
        assertThat(positions).extracting(p -> p.fields().get("txId")).containsExactly(firstTx, firstTx, secondTx);
        long firstLsn = (Long) positions.get(0).fields().get("lsn");
        long secondLsn = (Long) positions.get(2).fields().get("lsn");
        assertThat(positions.get(1).fields().get("lsn")).as("one commit LSN per transaction").isEqualTo(firstLsn);
        assertThat(Long.compareUnsigned(start.lsn(), firstLsn)).isNegative();
        assertThat(Long.compareUnsigned(firstLsn, secondLsn)).isNegative();
    }

    @Test
    void restartInTheMiddleOfATransactionEmitsExactlyTheRemainingChanges() throws Exception {
        TestDatabase db = TestDatabase.create(server, "restart");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v text)", "CREATE TABLE other (id int PRIMARY KEY)");
        PostgresDialect dialect = db.dialect("public.t");
        CapturedTable table = dialect.discoverTables().get(0);
        PostgresPosition start = dialect.prepareStream();
        // Published but not matched by 'tables': its changes reach the reader, which counts and skips them.
        db.execute("ALTER PUBLICATION tributary_" + db.name() + "_slot ADD TABLE other");
        try (var connection = db.connect()) {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                for (int id = 1; id <= 5; id++) {
                    statement.execute("INSERT INTO t VALUES (" + id + ", 'a')");
                    statement.execute("INSERT INTO other VALUES (" + id + ")");
                }
                statement.execute("UPDATE t SET v = 'b' WHERE id = 1");
            }
            connection.commit();
        }
        db.execute("INSERT INTO t VALUES (6, 'later')", "INSERT INTO t VALUES (999, 'end')");

        List<StreamRecord<PostgresPosition>> first;
        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, schemas(table), FixedSnapshotCoverage.none())) {
            first = pollEvents(reader, 8);
        }
        List<String> all = describe(changes(first));
        assertThat(all).as("changes of the uncaptured table are left out").containsExactly("c1", "c2", "c3", "c4", "c5", "u1", "c6", "c999");

        for (int emitted = 0; emitted < 8; emitted++) {
            PostgresPosition resume = positionAfterEvent(first, emitted);
            try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(resume, schemas(table), FixedSnapshotCoverage.none())) {
                List<String> rest = emitted == 7 ? describe(changes(pollUntil(reader, r -> !r.isEmpty()))) : describe(changes(
                        pollUntil(reader, records -> describe(changes(records)).contains("c999"))));
                assertThat(rest).as("resuming after event %s at %s", emitted, resume).isEqualTo(all.subList(emitted + 1, all.size()));
            }
        }
    }

    @Test
    void acknowledgingMovesTheSlotsConfirmedFlushLsn() throws Exception {
        TestDatabase db = TestDatabase.create(server, "ack");
        db.execute("CREATE TABLE t (id int PRIMARY KEY)");
        PostgresDialect dialect = db.dialect("public.t");
        CapturedTable table = dialect.discoverTables().get(0);
        PostgresPosition start = dialect.prepareStream();
        String slot = db.name() + "_slot";
        db.execute("INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2), (3)");

        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, schemas(table), FixedSnapshotCoverage.none())) {
            // Three inserts and the record after the last; an idle progress record may come first.
            List<StreamRecord<PostgresPosition>> records = pollUntil(reader, r -> events(r).size() >= 3 && r.get(r.size() - 1).event().isEmpty());
            int first = indexOfEvent(records, 0);
            PostgresPosition afterFirstCommit = records.get(first + 1).positionAfter();
            assertThat(records.get(first + 1).event()).as("a commit is a progress record").isEmpty();
            assertThat(db.confirmedFlushLsn(slot)).isEqualTo(start.lsn());

            reader.acknowledge(afterFirstCommit);
            awaitConfirmedFlush(db, slot, afterFirstCommit.lsn());
            assertThat(db.confirmedFlushLsn(slot)).isEqualTo(afterFirstCommit.lsn());

            PostgresPosition insideSecond = positionAfterEvent(records, 1);
            assertThat(insideSecond.changesEmitted()).isEqualTo(1);
            reader.acknowledge(insideSecond);
            awaitConfirmedFlush(db, slot, insideSecond.lsn());
            assertThat(db.confirmedFlushLsn(slot)).as("inside a transaction only its commit's start is confirmed").isEqualTo(insideSecond.lsn())
                    .isLessThan(records.get(indexOfEvent(records, 2) + 1).positionAfter().lsn());
        }
    }

    private static int indexOfEvent(List<StreamRecord<PostgresPosition>> records, int n) {
        int seen = -1;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).event().isPresent() && ++seen == n) {
                return i;
            }
        }
        throw new AssertionError("fewer than " + (n + 1) + " events in " + records);
    }

    @Test
    void idleStreamAdvancesWithWalWrittenElsewhereSoTheSlotReleasesIt() throws Exception {
        TestDatabase db = TestDatabase.create(server, "idle");
        TestDatabase busy = TestDatabase.create(server, "busy");
        db.execute("CREATE TABLE t (id int PRIMARY KEY)");
        busy.execute("CREATE TABLE noise (id int, payload text)");
        PostgresDialect dialect = db.dialect("public.t");
        CapturedTable table = dialect.discoverTables().get(0);
        PostgresPosition start = dialect.prepareStream();
        String slot = db.name() + "_slot";

        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, schemas(table), FixedSnapshotCoverage.none())) {
            reader.poll();
            busy.execute("INSERT INTO noise SELECT i, repeat('x', 100) FROM generate_series(1, 1000) i");
            long walAfterNoise = org.postgresql.replication.LogSequenceNumber.valueOf(busy.queryString("SELECT pg_current_wal_lsn()::text")).asLong();
            List<StreamRecord<PostgresPosition>> records = pollUntil(reader, r -> !r.isEmpty() && r.get(r.size() - 1).positionAfter().lsn() >= walAfterNoise);

            assertThat(events(records)).isEmpty();
            reader.acknowledge(records.get(records.size() - 1).positionAfter());
            awaitConfirmedFlush(db, slot, walAfterNoise);
        }
    }

    @Test
    void heartbeatQueryWritesWalThatMovesAnIdleStream() throws Exception {
        TestDatabase db = TestDatabase.create(server, "heartbeat");
        db.execute("CREATE TABLE t (id int PRIMARY KEY)");
        Map<String, String> settings = db.settings("public.t");
        settings.put("heartbeat.action.query", "SELECT pg_logical_emit_message(false, 'tributary', 'heartbeat')");
        settings.put("heartbeat.interval", "200ms");
        PostgresDialect dialect = new PostgresDialect(TestDatabase.options(settings));
        CapturedTable table = dialect.discoverTables().get(0);
        PostgresPosition start = dialect.prepareStream();

        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, schemas(table), FixedSnapshotCoverage.none())) {
            List<StreamRecord<PostgresPosition>> records = pollUntil(reader, r -> r.size() >= 2);
            assertThat(events(records)).isEmpty();
            assertThat(records.get(1).positionAfter()).isGreaterThan(records.get(0).positionAfter()).isGreaterThan(start);
        }
    }

    @Test
    void schemaChangesArriveBeforeTheFirstRowWrittenUnderThem() {
        TestDatabase db = TestDatabase.create(server, "ddl");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL, n int)");
        PostgresDialect dialect = db.dialect("public.t");
        CapturedTable table = dialect.discoverTables().get(0);
        PostgresPosition start = dialect.prepareStream();
        db.execute("INSERT INTO t VALUES (1, 'a', 1)",
                "ALTER TABLE t ADD COLUMN extra varchar(10)", "INSERT INTO t VALUES (2, 'b', 2, 'x')",
                "ALTER TABLE t DROP COLUMN n", "ALTER TABLE t ALTER COLUMN extra TYPE text", "INSERT INTO t VALUES (3, 'c', 'y')");

        List<Event> events;
        try (StreamReader<PostgresPosition> reader = dialect.openStreamReader(start, schemas(table), FixedSnapshotCoverage.none())) {
            events = events(pollEvents(reader, 6));
        }

        assertThat(((DataChangeEvent) events.get(0)).after().orElseThrow()).containsExactly(1, "a", 1);
        SchemaChangeEvent added = (SchemaChangeEvent) events.get(1);
        assertThat(added.change()).isEqualTo(new SchemaChange.AddColumn(new Column("extra", DataType.withLength(TypeKind.VARCHAR, 10)), Optional.of("n")));
        assertThat(((DataChangeEvent) events.get(2)).after().orElseThrow()).containsExactly(2, "b", 2, "x");
        assertThat(events.get(3)).isEqualTo(new SchemaChangeEvent(table.tableId(), new SchemaChange.DropColumn("n"),
                new TableSchema(List.of(new Column("id", DataType.of(TypeKind.INTEGER).notNull()), new Column("v", DataType.of(TypeKind.TEXT).notNull()),
                        new Column("extra", DataType.withLength(TypeKind.VARCHAR, 10))), List.of("id"))));
        SchemaChangeEvent altered = (SchemaChangeEvent) events.get(4);
        assertThat(altered.change()).isEqualTo(new SchemaChange.AlterColumnType("extra", DataType.of(TypeKind.TEXT)));
        assertThat(altered.schemaAfter().primaryKey()).containsExactly("id");
        assertThat(((DataChangeEvent) events.get(5)).after().orElseThrow()).containsExactly(3, "c", "y");
    }

    /** Values with byte arrays (also inside lists) as hex, so that equal contents compare equal. */
    private static List<Object> comparable(Object[] row) {
        return Arrays.stream(row).map(StreamReaderITCase::comparable).toList();
    }

    private static Object comparable(Object value) {
        if (value instanceof byte[] bytes) {
            return "bytes:" + java.util.HexFormat.of().formatHex(bytes);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> v == null ? "null" : comparable(v)).toList();
        }
        return value == null ? "null" : value;
    }

    private static void awaitConfirmedFlush(TestDatabase db, String slot, long lsn) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Long.compareUnsigned(db.confirmedFlushLsn(slot), lsn) < 0) {
            assertThat(System.nanoTime()).as("slot %s confirmed_flush_lsn reaches %s", slot, lsn).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static List<String> describe(List<DataChangeEvent> changes) {
        return changes.stream().map(e -> e.operation().code() + String.valueOf(e.keyRow()[0])).toList();
    }

    static Map<TableId, TableSchema> schemas(CapturedTable... tables) {
        return schemas(List.of(tables));
    }

    static Map<TableId, TableSchema> schemas(List<CapturedTable> tables) {
        return tables.stream().collect(Collectors.toMap(CapturedTable::tableId, CapturedTable::schema));
    }

    private static Map<Object, Object[]> readAll(PostgresDialect dialect, CapturedTable table) {
        Map<Object, Object[]> rows = new HashMap<>();
        try (SnapshotEpoch<PostgresSnapshotMarker> epoch = dialect.openSnapshotEpoch(); ChunkReader<PostgresSnapshotMarker> reader = dialect.openChunkReader();
                RowCursor<PostgresSnapshotMarker> cursor = reader.open(SnapshotSplit.fresh(table, 0, ChunkRange.all()), epoch.view())) {
            while (cursor.next()) {
                Object[] row = cursor.row();
                rows.put(row[0], row);
            }
        }
        return rows;
    }
}
