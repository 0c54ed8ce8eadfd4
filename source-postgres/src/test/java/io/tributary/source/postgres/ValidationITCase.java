package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.spi.ConnectorFactories;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.ValidationReport;
import io.tributary.core.testing.TestingPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each problem a user can have is reported with its error code and what to do; validation changes nothing. */
class ValidationITCase {
    private static TestingPostgresServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = TestingPostgresServer.start();
        requirePasswordsExceptForSuperuser();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The embedded server trusts everyone; make every role but the superuser authenticate. */
    private static void requirePasswordsExceptForSuperuser() throws IOException {
        TestDatabase postgres = new TestDatabase(server, "postgres");
        Path hba = Path.of(postgres.queryString("SHOW hba_file"));
        Files.writeString(hba, "local all all trust\n"
                + "host all " + TestingPostgresServer.SUPERUSER + " 127.0.0.1/32 trust\n"
                + "host all all 127.0.0.1/32 scram-sha-256\n");
        postgres.queryString("SELECT pg_reload_conf()");
    }

    @Test
    void reportsServerSlotPublicationAndTablesWithoutChangingAnything() {
        TestDatabase db = TestDatabase.create(server, "report");
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)", "INSERT INTO orders SELECT generate_series(1, 20000)", "ANALYZE orders",
                "CREATE TABLE codes (code text PRIMARY KEY)", "CREATE TABLE log (line text)", "ALTER TABLE log REPLICA IDENTITY FULL");

        ValidationReport report = source(db.settings("public.\\.*")).validate();

        assertThat(report.connector()).isEqualTo("postgres");
        assertThat(String.join("\n", report.findings()))
                .contains("PostgreSQL 14.")
                .contains("wal_level: logical")
                .contains("replication slot " + db.name() + "_slot: will be created")
                .contains("publication tributary_" + db.name() + "_slot: will be created for 3 tables (FOR TABLE the captured tables); PostgreSQL 14.")
                .contains("has no FOR TABLES IN SCHEMA publications, so tributary_" + db.name() + "_slot lists the captured tables and tables "
                        + "created later are not captured. Upgrade the server to PostgreSQL 15 or later")
                .contains("table " + db.name() + ".public.orders: about 20000 rows, about 3 chunks (even key ranges of 8096)")
                .contains("table " + db.name() + ".public.codes: about 0 rows, about 1 chunks (sampled key boundaries)")
                .contains("table " + db.name() + ".public.log: about 0 rows, about 1 chunks (one chunk, because it has no primary key; "
                        + "scan.incremental.snapshot.chunk.key-column can name a unique NOT NULL column to chunk it by)");
        assertThat(report.tables().get(TableId.of(db.name(), "public", "orders")).columnNames()).as("the schemas transforms are checked against")
                .containsExactly("id", "note");
        assertThat(report.tables()).hasSize(3);
        assertThat(db.queryLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + db.name() + "_slot'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_publication")).isZero();
    }

    @Test
    void unreachableServer() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = new TestDatabase(server, "postgres").settings("public.t");
        settings.put("port", Integer.toString(closedPort));
        settings.put("connect.timeout", "5s");

        assertFails(() -> source(settings).validate(), ErrorCode.SOURCE_UNREACHABLE, "127.0.0.1:" + closedPort, "Check hostname and port");
    }

    @Test
    void wrongPassword() {
        TestDatabase db = TestDatabase.create(server, "auth");
        server.createUser("auth_user", "right", "REPLICATION");
        Map<String, String> settings = db.settings("public.t");
        settings.put("username", "auth_user");
        settings.put("password", "wrong");

        assertFails(() -> source(settings).validate(), ErrorCode.SOURCE_AUTHENTICATION_FAILED, "auth_user", "Check username and password");
    }

    @Test
    void walLevelNotLogicalOnlyMattersWhenStreaming() {
        try (TestingPostgresServer replicaLevel = TestingPostgresServer.start(false)) {
            TestDatabase db = TestDatabase.create(replicaLevel, "wal");
            db.execute("CREATE TABLE t (id int PRIMARY KEY)");
            Map<String, String> settings = db.settings("public.t");

            assertFails(() -> source(settings).validate(), ErrorCode.SOURCE_MISCONFIGURED, "wal_level is 'replica'",
                    "ALTER SYSTEM SET wal_level = logical");
            settings.put("scan.startup.mode", "snapshot");
            assertThat(source(settings).validate().findings()).anyMatch(f -> f.startsWith("table " + db.name() + ".public.t"));
        }
    }

    @Test
    void missingReplicationPrivilege() {
        TestDatabase db = TestDatabase.create(server, "norepl");
        db.execute("CREATE TABLE t (id int PRIMARY KEY)", "GRANT SELECT ON t TO PUBLIC");
        server.createUser("reader", "secret", "");

        assertFails(() -> source(as(db.settings("public.t"), "reader", "secret")).validate(), ErrorCode.SOURCE_PRIVILEGE_MISSING,
                "lacks the REPLICATION attribute", "ALTER ROLE \"reader\" REPLICATION");
    }

    @Test
    void missingSelectPrivilege() {
        TestDatabase db = TestDatabase.create(server, "noselect");
        db.execute("CREATE TABLE readable (id int PRIMARY KEY)", "CREATE TABLE secret (id int PRIMARY KEY)");
        server.execute("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'streamer') THEN "
                + "CREATE ROLE streamer LOGIN PASSWORD 'secret' REPLICATION; END IF; END $$");
        db.execute("GRANT SELECT ON readable TO streamer");

        assertFails(() -> source(as(db.settings("public.\\.*"), "streamer", "secret")).validate(), ErrorCode.SOURCE_PRIVILEGE_MISSING,
                "may not read " + db.name() + ".public.secret", "GRANT SELECT ON \"public\".\"secret\" TO \"streamer\"");
    }

    @Test
    void publicationTheUserMayNotCreateNamesTheSqlAnAdministratorRuns() {
        TestDatabase db = TestDatabase.create(server, "nopub");
        db.execute("CREATE TABLE t (id int PRIMARY KEY)");
        server.execute("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'streamer') THEN "
                + "CREATE ROLE streamer LOGIN PASSWORD 'secret' REPLICATION; END IF; END $$");
        db.execute("GRANT SELECT ON t TO streamer");

        assertFails(() -> source(as(db.settings("public.t"), "streamer", "secret")).validate(), ErrorCode.SOURCE_PRIVILEGE_MISSING,
                "may not create it", "CREATE PUBLICATION \"tributary_" + db.name() + "_slot\" FOR TABLE \"public\".\"t\"");
    }

    @Test
    void noMatchingTable() {
        TestDatabase db = TestDatabase.create(server, "nomatch");
        db.execute("CREATE TABLE customers (id int PRIMARY KEY)");

        assertFails(() -> source(db.settings("public.custmers")).validate(), ErrorCode.SOURCE_NO_TABLES, "public.custmers",
                db.name() + ".public.customers");
    }

    @Test
    void unsupportedColumnType() {
        TestDatabase db = TestDatabase.create(server, "types");
        db.execute("CREATE TABLE t (id int PRIMARY KEY, took interval, addr inet)");

        assertFails(() -> source(db.settings("public.t")).validate(), ErrorCode.SOURCE_TYPE_UNSUPPORTED,
                db.name() + ".public.t.took (interval)", db.name() + ".public.t.addr (inet)", "tables.exclude");
    }

    @Test
    void tableWithoutKeyNeedsReplicaIdentityFull() {
        TestDatabase db = TestDatabase.create(server, "identity");
        db.execute("CREATE TABLE events (at timestamptz, what text)");

        assertFails(() -> source(db.settings("public.events")).validate(), ErrorCode.SOURCE_TABLE_UNSUPPORTED,
                db.name() + ".public.events has no primary key", "ALTER TABLE \"public\".\"events\" REPLICA IDENTITY FULL");
    }

    @Test
    void noFreeReplicationSlot() {
        TestDatabase db = TestDatabase.create(server, "slots");
        db.execute("CREATE TABLE t (id int PRIMARY KEY)");
        long used = db.queryLong("SELECT count(*) FROM pg_replication_slots");
        long max = db.queryLong("SELECT current_setting('max_replication_slots')");
        for (long i = used; i < max; i++) {
            db.queryString("SELECT pg_create_physical_replication_slot('filler_" + i + "')");
        }
        try {
            assertFails(() -> source(db.settings("public.t")).validate(), ErrorCode.SOURCE_MISCONFIGURED,
                    "all " + max + " slots (max_replication_slots) are taken", "Drop unused slots");
        } finally {
            db.queryString("SELECT count(pg_drop_replication_slot(slot_name)) FROM pg_replication_slots WHERE slot_name LIKE 'filler_%'");
        }
    }

    @Test
    void optionProblemsAreConfigErrors() {
        TestDatabase db = TestDatabase.create(server, "config");
        Map<String, String> plugin = db.settings("public.t");
        plugin.put("decoding.plugin.name", "wal2json");
        Map<String, String> twoDatabases = db.settings("public.t");
        twoDatabases.put("tables", db.name() + ".public.t, other.public.t");

        assertFails(() -> source(plugin), ErrorCode.CONFIG_INVALID, "only pgoutput");
        assertFails(() -> source(twoDatabases), ErrorCode.CONFIG_INVALID, "several databases");
    }

    private static Map<String, String> as(Map<String, String> settings, String user, String password) {
        settings.put("username", user);
        settings.put("password", password);
        return settings;
    }

    private static PipelineSource source(Map<String, String> settings) {
        return ConnectorFactories.source("postgres").createSource(Configuration.fromMap(settings), new PipelineContext("validation", 1));
    }

    private static void assertFails(ThrowingCallable call, ErrorCode code, String... messageParts) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code))
                .message().contains(messageParts);
    }
}
