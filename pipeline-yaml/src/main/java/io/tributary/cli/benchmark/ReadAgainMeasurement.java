package io.tributary.cli.benchmark;

import static java.util.Objects.requireNonNull;

import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.sink.blackhole.BlackholeTotals;
import io.tributary.core.source.ResnapshotRequests;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the benchmark table again while the pipeline streams (a re-snapshot) and, meanwhile,
 * commits single-row updates at a steady pace: how fast the table is read again, and how late the
 * changes committed during it arrive (the stream is not held while a table is read again, only
 * while each of its chunks is).
 */
final class ReadAgainMeasurement {
    private final BenchmarkTable table;
    private final Path stateDirectory;

    ReadAgainMeasurement(BenchmarkTable table, Path stateDirectory) {
        this.table = requireNonNull(table, "table is null");
        this.stateDirectory = requireNonNull(stateDirectory, "stateDirectory is null");
    }

    /** Runs it against the running {@code pipeline}; returns the figures as one line. */
    String measure(BackgroundPipeline pipeline) throws Exception {
        long readsBefore = BlackholeTotals.reads();
        long updatesBefore = BlackholeTotals.updates();
        List<Long> committed = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Exception> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> writeUpdates(committed, writeFailure), "read-again-updates");
        long requested = System.nanoTime();
        ResnapshotRequests.write(stateDirectory, List.of(BenchmarkTable.TABLE_ID));
        writer.start();
        List<Long> lags = new ArrayList<>();
        long firstRow = 0;
        long lastRow = 0;
        long deadline = requested + Duration.ofMinutes(30).toNanos();
        try {
            while (lastRow == 0) {
                PipelineProgress.checkFailure(pipeline);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The table was not read again within 30 minutes");
                }
                long reads = BlackholeTotals.reads() - readsBefore;
                if (firstRow == 0 && reads > 0) {
                    firstRow = System.nanoTime();
                }
                if (reads >= table.rows()) {
                    lastRow = System.nanoTime();
                }
                PacedUpdates.recordLags(committed, BlackholeTotals.updates() - updatesBefore, lags);
                // Polls the counters every millisecond: the lags are exact to about that.
                Thread.sleep(1);
            }
        } finally {
            writer.interrupt();
            writer.join(10_000);
        }
        if (writeFailure.get() != null) {
            throw writeFailure.get();
        }
        int duringRead = committed.size();
        while (lags.size() < duringRead) {
            PipelineProgress.checkFailure(pipeline);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + lags.size() + " of " + duringRead + " updates arrived");
            }
            PacedUpdates.recordLags(committed, BlackholeTotals.updates() - updatesBefore, lags);
            Thread.sleep(1);
        }
        List<Long> sorted = new ArrayList<>(lags);
        Collections.sort(sorted);
        double seconds = (lastRow - firstRow) / 1e9;
        return String.format(Locale.ROOT, "read again while streaming: %,d rows in %.1f s (%,.0f rows/s; first row %d ms after the request);"
                + " %,d single-row updates committed meanwhile arrived %d ms after their commit (median), %d ms at most",
                table.rows(), seconds, table.rows() / Math.max(1e-9, seconds), (firstRow - requested) / 1_000_000, duringRead,
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1_000_000, sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1_000_000);
    }

    private void writeUpdates(List<Long> committed, AtomicReference<Exception> failure) {
        try (Connection connection = table.connect()) {
            PacedUpdates.write(connection, i -> "UPDATE items SET k = k + 1 WHERE id = " + (i % table.rows() + 1),
                    () -> !Thread.currentThread().isInterrupted(), committed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            failure.set(e);
        }
    }
}
