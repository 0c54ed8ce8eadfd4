package io.tributary.source.postgres;

import io.tributary.core.model.TableId;
import io.tributary.core.source.contract.JdbcSourceUnderTest;
import io.tributary.core.source.contract.SerializerFixture;
import io.tributary.core.source.contract.TableSpec;
import io.tributary.core.source.contract.TypeSample;
import io.tributary.core.testing.TestingPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The PostgreSQL source under the contract: one database per namespace, tables in its public schema. */
final class PostgresSourceUnderTest extends JdbcSourceUnderTest {
    private final TestingPostgresServer server;

    PostgresSourceUnderTest(TestingPostgresServer server) {
        this.server = server;
    }

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public void createNamespace(String namespace) {
        server.createDatabase(namespace);
    }

    /** Drops the namespace's replication slots (they would hold WAL and use up max_replication_slots) and the database. */
    @Override
    public void dropNamespace(String namespace) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                server.execute("postgres", "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = '" + namespace
                        + "' AND active_pid IS NOT NULL", "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '"
                        + namespace + "'", "DROP DATABASE " + namespace + " WITH (FORCE)");
                return;
            } catch (IllegalStateException stillActive) {
                if (System.nanoTime() > deadline) {
                    throw stillActive;
                }
            }
        }
    }

    /** Updates and deletes of a table without primary key carry the whole old row only with REPLICA IDENTITY FULL. */
    @Override
    protected void keylessTableCreated(String namespace, TableSpec table) {
        execute(namespace, "ALTER TABLE " + qualified(namespace, table.name()) + " REPLICA IDENTITY FULL");
    }

    @Override
    protected Connection connect(String namespace) throws SQLException {
        return server.connect(namespace);
    }

    @Override
    protected String qualified(String namespace, String table) {
        return "public." + quote(table);
    }

    @Override
    protected String quote(String identifier) {
        return '"' + identifier + '"';
    }

    @Override
    protected String sqlType(TableSpec.ValueKind kind) {
        return switch (kind) {
            case INTEGER -> "integer";
            case TEXT -> "text";
        };
    }

    @Override
    public TableId tableId(String namespace, String table) {
        return TableId.of(namespace, "public", table);
    }

    @Override
    public Map<String, String> sourceOptions(String namespace, List<String> tables) {
        Map<String, String> options = new HashMap<>();
        options.put("hostname", server.host());
        options.put("port", Integer.toString(server.port()));
        options.put("username", TestingPostgresServer.SUPERUSER);
        options.put("tables", tables.stream().map(t -> namespace + ".public." + t).collect(Collectors.joining(",")));
        options.put("slot.name", namespace + "_slot");
        options.put("heartbeat.interval", "1s");
        return options;
    }

    @Override
    public void createTypedTable(String namespace, String table, List<TypeSample> samples) {
        execute(namespace, "CREATE TYPE contract_mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE DOMAIN contract_positive AS integer CHECK (VALUE > 0)");
        super.createTypedTable(namespace, table, samples);
    }

    /** Every type PostgresTypes maps, with the edges its README names (infinities, 24:00, BC dates, NaN). */
    @Override
    public List<TypeSample> typeSamples() {
        return List.of(
                TypeSample.of("boolean", "true", "false"),
                TypeSample.of("smallint", "-32768", "32767", "0"),
                TypeSample.of("integer", "-2147483648", "2147483647"),
                TypeSample.of("bigint", "-9223372036854775808", "9223372036854775807"),
                TypeSample.of("real", "1.5", "-3.4e38", "'NaN'", "'Infinity'", "1.17549435e-38"),
                TypeSample.of("double precision", "3.141592653589793", "'-Infinity'", "1e-300", "'NaN'"),
                TypeSample.of("numeric(10,3)", "1234567.891", "-0.001", "0", "1.5"),
                TypeSample.of("numeric", "12345678901234567890.123456789", "0.10", "-0.00000000000000000001", "1e30"),
                TypeSample.of("text", "''", "'\u00e9\u4e2d\ud83d\ude00'", "'quote''s \\ back'", "'line\nbreak'"),
                TypeSample.of("varchar(10)", "'abc'", "'0123456789'"),
                TypeSample.of("char(5)", "'ab'", "'abcde'"),
                TypeSample.of("bytea", "'\\x00ff10'::bytea", "''::bytea"),
                TypeSample.of("date", "'2024-02-29'", "'0001-01-01'", "'infinity'", "'-infinity'", "'0044-03-15 BC'"),
                TypeSample.of("time(6)", "'23:59:59.999999'", "'00:00'", "'24:00:00'"),
                TypeSample.of("time(0)", "'12:34:56'"),
                TypeSample.of("timestamp(3)", "'2024-01-02 03:04:05.678'", "'infinity'", "'-infinity'", "'1900-01-01 00:00'"),
                TypeSample.of("timestamp(6)", "'2024-01-02 03:04:05.678901'", "'0044-03-15 12:00 BC'"),
                TypeSample.of("timestamptz(6)", "'2024-01-02 03:04:05.678901+02'", "'infinity'", "'1970-01-01 00:00:00+00'"),
                TypeSample.of("uuid", "'0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e'"),
                TypeSample.of("json", "'{\"b\": 1,  \"a\": [1, 2]}'"),
                TypeSample.of("jsonb", "'{\"b\": 1,  \"a\": [1, 2.50]}'", "'\"text\"'", "'null'"),
                TypeSample.of("contract_mood", "'happy'"),
                TypeSample.of("contract_positive", "7"),
                TypeSample.of("integer[]", "'{1,NULL,3}'", "'{}'"),
                TypeSample.of("text[]", "'{\"a\",\"b c\",\"{x}\",NULL}'"),
                TypeSample.of("date[]", "'{2020-01-01,infinity}'"),
                TypeSample.of("numeric(6,2)[]", "'{1.50,-2}'"),
                TypeSample.of("uuid[]", "'{0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e}'"),
                TypeSample.of("bytea[]", "ARRAY['\\x01'::bytea, NULL]"),
                TypeSample.of("timestamptz[]", "'{\"2024-01-02 03:04:05+02\"}'"));
    }

    @Override
    public List<SerializerFixture<?>> serializerFixtures() {
        return List.of(
                new SerializerFixture<>("postgres-position-v1.bin", PostgresPositionSerializer.INSTANCE, 1, new PostgresPosition(0x0000000116B37480L, 3)),
                new SerializerFixture<>("postgres-snapshot-marker-v1.bin", PostgresSnapshotMarkerSerializer.INSTANCE, 1,
                        new PostgresSnapshotMarker(4294968296L, 4294968306L, new long[] {4294968301L, 4294968298L})),
                new SerializerFixture<>("postgres-snapshot-marker-no-running-v1.bin", PostgresSnapshotMarkerSerializer.INSTANCE, 1,
                        new PostgresSnapshotMarker(742, 742, new long[0])));
    }
}
