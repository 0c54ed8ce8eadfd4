package io.tributary.cli.benchmark;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * A trickle of single-row updates whose arrival lags a benchmark measures: one committed every
 * {@value #PACE_MILLIS} ms, each commit's time recorded in order. The updates arrive in commit
 * order, one event each, so the n-th update the sink counts is the n-th committed.
 */
final class PacedUpdates {
    /** One update every 5 ms: a steady trickle, not a load. */
    static final long PACE_MILLIS = 5;

    private PacedUpdates() {}

    /** Commits {@code update.apply(i)} for i = 0, 1, ... while {@code goOn} holds, adding each commit's {@link System#nanoTime()} to {@code committed}. */
    static void write(Connection connection, LongFunction<String> update, BooleanSupplier goOn, List<Long> committed)
            throws SQLException, InterruptedException {
        try (Statement statement = connection.createStatement()) {
            for (long i = 0; goOn.getAsBoolean(); i++) {
                statement.executeUpdate(update.apply(i));
                committed.add(System.nanoTime());
                // Paces the updates: a trickle whose lags are measured, not a load.
                Thread.sleep(PACE_MILLIS);
            }
        }
    }

    /**
     * Adds the lag of each update delivered since the last look to {@code lags}: {@code delivered}
     * is how many the sink has counted; returns how many were added.
     */
    static int recordLags(List<Long> committed, long delivered, List<Long> lags) {
        long now = System.nanoTime();
        int added = 0;
        while (lags.size() < delivered && lags.size() < committed.size()) {
            lags.add(now - committed.get(lags.size()));
            added++;
        }
        return added;
    }
}
