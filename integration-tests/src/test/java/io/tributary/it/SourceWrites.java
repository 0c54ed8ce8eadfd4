package io.tributary.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes straight to a source database on a thread of its own, one step at a fixed pace until
 * closed; close rethrows a failed write.
 */
final class SourceWrites implements AutoCloseable {
    /** Opens a connection to the source's database. */
    interface Opener {
        Connection open() throws SQLException;
    }

    /** The {@code n}th write (from 0), in autocommit: each statement its own transaction. */
    interface Step {
        void write(Statement statement, int n) throws SQLException;
    }

    private final Opener source;
    private final long pauseMillis;
    private final Step step;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger steps = new AtomicInteger();
    private final Thread thread = new Thread(this::write, "source-writes");
    private volatile Exception failure;

    SourceWrites(Opener source, long pauseMillis, Step step) {
        this.source = source;
        this.pauseMillis = pauseMillis;
        this.step = step;
    }

    /**
     * Every 20 ms, on an {@code (id, name, price)} table holding ids 1..rows: an insert, an update
     * of an older row and, every seventh time, a delete.
     */
    static SourceWrites items(Opener source, String table, int rows) {
        return new SourceWrites(source, 20, (statement, n) -> {
            int next = rows + 1 + n;
            statement.execute("INSERT INTO " + table + " VALUES (" + next + ", 'new " + next + "', 1.25)");
            statement.execute("UPDATE " + table + " SET price = price + 1 WHERE id = " + (next % rows + 1));
            if (next % 7 == 0) {
                statement.execute("DELETE FROM " + table + " WHERE id = " + (next - 3));
            }
        });
    }

    void start() {
        thread.start();
    }

    /** Steps written so far. */
    int count() {
        return steps.get();
    }

    private void write() {
        try (Connection connection = source.open(); Statement statement = connection.createStatement()) {
            for (int n = 0; running.get(); n++) {
                step.write(statement, n);
                steps.incrementAndGet();
                Thread.sleep(pauseMillis); // the pace of a steady application
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join(10_000);
        if (failure != null) {
            throw new AssertionError("writing to the source failed", failure);
        }
    }
}
