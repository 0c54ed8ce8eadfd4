package io.tributary.source.postgres;

import io.tributary.core.testing.TestingPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;

/** A fresh database on a test server, so that tests of one class do not see each other's tables, slots or publications. */
record TestDatabase(TestingPostgresServer server, String name) {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static TestDatabase create(TestingPostgresServer server, String prefix) {
        String name = prefix + "_" + COUNTER.incrementAndGet();
        server.createDatabase(name);
        return new TestDatabase(server, name);
    }

    void execute(String... sql) {
        server.execute(name, sql);
    }

    Connection connect() throws SQLException {
        return server.connect(name);
    }

    String queryString(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long queryLong(String sql) {
        return Long.parseLong(queryString(sql));
    }

    /** Source options as superuser for {@code tables} (patterns without the database part are prefixed with it). */
    Map<String, String> settings(String tables) {
        Map<String, String> settings = new HashMap<>();
        settings.put("hostname", server.host());
        settings.put("port", Integer.toString(server.port()));
        settings.put("username", TestingPostgresServer.SUPERUSER);
        settings.put("tables", tables.startsWith(name + ".") ? tables : name + "." + tables);
        settings.put("slot.name", name + "_slot");
        settings.put("heartbeat.interval", "1s");
        return settings;
    }

    PostgresSourceOptions options(String tables) {
        return options(settings(tables));
    }

    static PostgresSourceOptions options(Map<String, String> settings) {
        return PostgresSourceOptions.from(Configuration.fromMap(settings));
    }

    PostgresDialect dialect(String tables) {
        return new PostgresDialect(options(tables));
    }

    /** The slot's confirmed_flush_lsn as a number. */
    long confirmedFlushLsn(String slot) {
        String lsn = queryString("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
        return org.postgresql.replication.LogSequenceNumber.valueOf(lsn).asLong();
    }
}
