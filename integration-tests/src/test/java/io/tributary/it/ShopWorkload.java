package io.tributary.it;

import io.tributary.core.testing.TestingPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inserts, updates and deletes rows of every shop table from its own thread, in small
 * transactions, until stopped. The test counts on it to change rows while they are snapshotted
 * and streamed.
 */
final class ShopWorkload implements AutoCloseable {
    private final TestingPostgresServer server;
    private final String database;
    private final long firstNewId;
    private final Thread thread;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    ShopWorkload(TestingPostgresServer server, String database, long firstNewId) {
        this.server = server;
        this.database = database;
        this.firstNewId = firstNewId;
        this.thread = new Thread(this::run, "shop-workload");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long transactions() {
        return transactions.get();
    }

    private void run() {
        Random random = new Random(7);
        long nextId = firstNewId;
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            while (running) {
                for (int i = 0; i < 3; i++) {
                    nextId = change(statement, random, nextId);
                }
                connection.commit();
                transactions.incrementAndGet();
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            failure.set(e);
        }
    }

    private long change(Statement statement, Random random, long nextId) throws SQLException {
        long id = 1 + random.nextInt((int) nextId);
        switch (random.nextInt(10)) {
            case 0 -> statement.execute("INSERT INTO customers VALUES (" + nextId++ + ", 'new', 1.5, true, current_date, now(), ARRAY['n'], '{\"new\": true}')");
            case 1 -> statement.execute("DELETE FROM customers WHERE id = " + id);
            case 2, 3 -> statement.execute("UPDATE customers SET balance = balance + 1, updated_at = now(), tags = tags || 'u'::text WHERE id = " + id);
            case 4 -> statement.execute("UPDATE order_lines SET qty = qty + 1, note = 'changed' WHERE order_id = " + (id % 20000));
            case 5 -> statement.execute("DELETE FROM order_lines WHERE order_id = " + (id % 20000) + " AND line = 1");
            case 6 -> statement.execute("INSERT INTO order_lines VALUES (" + (100000 + nextId++) + ", 1, 'SKU-1', 2, 9.5, NULL)");
            case 7 -> statement.execute("UPDATE skus SET title = title || '+', weight = weight + 1 WHERE code = 'SKU-" + (id % 5000) + "'");
            case 8 -> statement.execute("INSERT INTO audit_log VALUES (now()::timestamp, 'change', 'row " + id + "')");
            default -> statement.execute("DELETE FROM audit_log WHERE ctid = (SELECT ctid FROM audit_log WHERE kind = 'kind" + (id % 3) + "' LIMIT 1)");
        }
        return nextId;
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
