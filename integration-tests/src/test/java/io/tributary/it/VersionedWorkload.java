package io.tributary.it;

import io.tributary.core.testing.TestingPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Changes a table {@code (id bigint PRIMARY KEY, version bigint, balance numeric(12,2), note text)}
 * from its own thread in small transactions until closed: inserts new ids with version 0, updates
 * (version + 1) and deletes. Ids are never reused, so every key's history is insert or snapshot
 * row, updates with versions counting up by one, and at most one delete at the end.
 */
final class VersionedWorkload implements AutoCloseable {
    private final Connector server;
    private final String database;
    private final boolean mariadb;
    private final String table;
    private final Thread thread;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long nextId;
    private volatile boolean running = true;

    /** Opens a connection to a database of the source server. */
    interface Connector {
        Connection connect(String database) throws SQLException;
    }

    VersionedWorkload(TestingPostgresServer server, String database, String table, long firstNewId) {
        this(server::connect, false, database, table, firstNewId);
    }

    /** A workload on MariaDB: the same changes in its SQL. */
    static VersionedWorkload onMariaDb(Connector server, String database, String table, long firstNewId) {
        return new VersionedWorkload(server, true, database, table, firstNewId);
    }

    private VersionedWorkload(Connector server, boolean mariadb, String database, String table, long firstNewId) {
        this.server = server;
        this.mariadb = mariadb;
        this.database = database;
        this.table = table;
        this.nextId = firstNewId;
        this.thread = new Thread(this::run, "versioned-workload-" + table);
        this.thread.setDaemon(true);
    }

    /** Creates the table with {@code rows} rows (ids 1..rows, version 0), logging whole old rows. */
    static void createTable(TestingPostgresServer server, String database, String table, long rows) {
        server.execute(database,
                "CREATE TABLE " + table + " (id bigint PRIMARY KEY, version bigint NOT NULL, balance numeric(12,2) NOT NULL, note text)",
                "ALTER TABLE " + table + " REPLICA IDENTITY FULL",
                "INSERT INTO " + table + " SELECT g, 0, g % 1000, 'row ' || g FROM generate_series(1, " + rows + ") g",
                "ANALYZE " + table);
    }

    void start() {
        thread.start();
    }

    long transactions() {
        return transactions.get();
    }

    private void run() {
        Random random = new Random(11);
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            while (running) {
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    change(statement, random);
                }
                connection.commit();
                transactions.incrementAndGet();
                // Pacing only: keeps the server and the pipeline busy without starving them.
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            failure.set(e);
        }
    }

    private void change(Statement statement, Random random) throws SQLException {
        long id = 1 + (long) (random.nextDouble() * (nextId - 1));
        int kind = random.nextInt(20);
        if (kind < 3) {
            statement.execute("INSERT INTO " + table + " VALUES (" + nextId++ + ", 0, 1.50, 'new')");
        } else if (kind < 5) {
            statement.execute("DELETE FROM " + table + " WHERE id = " + id);
        } else {
            String note = mariadb ? "CONCAT('v', version + 1)" : "'v' || (version + 1)";
            statement.execute("UPDATE " + table + " SET version = version + 1, balance = balance + 1, note = " + note + " WHERE id = " + id);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
        if (failure.get() != null) {
            throw new AssertionError("the workload failed", failure.get());
        }
    }
}
