package io.tributary.cli.benchmark;

import static java.util.Objects.requireNonNull;

import io.tributary.core.sink.blackhole.BlackholeTotals;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * While the benchmark table's snapshot runs, commits single-row updates to a small table the
 * snapshot read before it ({@code hot}, which sorts before {@code items}) and measures how late
 * each reaches the blackhole sink: where the stream runs beside the snapshot, a change to a table
 * already copied does not wait for the rest of the snapshot.
 */
public final class ChangesDuringSnapshot {
    /** Rows of the small table: one chunk, read before the benchmark table. */
    public static final int HOT_ROWS = 100;
    private static final long GIVE_UP_NANOS = 30L * 60 * 1_000_000_000;

    /** Opens a connection to the database holding the small table. */
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final long snapshotRows;
    private final List<Long> committed = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> lags = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile long snapshotEnded;
    private volatile int committedDuringSnapshot;
    private volatile int arrivedDuringSnapshot;
    private Thread writer;
    private Thread observer;

    /**
     * @param snapshotRows rows of the benchmark table: the snapshot has ended once the sink holds these and the small table's
     */
    public ChangesDuringSnapshot(Connector connector, long snapshotRows) {
        this.connector = requireNonNull(connector, "connector is null");
        this.snapshotRows = snapshotRows;
    }

    /** Creates the small table {@code hot} (id, v) with {@link #HOT_ROWS} rows, through {@code connection}. */
    public static void createHotTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS hot");
            statement.execute("CREATE TABLE hot (id INT PRIMARY KEY, v INT NOT NULL)");
            for (int id = 1; id <= HOT_ROWS; id++) {
                statement.execute("INSERT INTO hot VALUES (" + id + ", 0)");
            }
        }
    }

    /** Starts writing once the small table is read, before the pipeline's first row is delivered or soon after. */
    public void start() {
        writer = new Thread(this::write, "changes-during-snapshot");
        observer = new Thread(this::observe, "changes-during-snapshot-arrivals");
        writer.start();
        observer.start();
    }

    /** Waits until the updates committed during the snapshot arrived; call once the snapshot has ended. Returns the figures as one line. */
    public String finish() throws Exception {
        writer.join(GIVE_UP_NANOS / 1_000_000);
        observer.join(GIVE_UP_NANOS / 1_000_000);
        if (failure.get() != null) {
            throw failure.get();
        }
        List<Long> sorted = new ArrayList<>(lags);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "while the rest of the snapshot ran, %,d single-row updates of a table already read were committed; %,d of"
                + " them arrived before it ended, %d ms after their commit (median), %d ms at most", committedDuringSnapshot, arrivedDuringSnapshot,
                median(sorted), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1_000_000);
    }

    /** The median lag in milliseconds of a finished measurement's sorted lags. */
    private static long median(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1_000_000;
    }

    private boolean snapshotRunning() {
        return BlackholeTotals.reads() < HOT_ROWS + snapshotRows;
    }

    private void write() {
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        try (Connection connection = connector.open()) {
            while (BlackholeTotals.reads() < HOT_ROWS && System.nanoTime() < deadline) {
                // Polls the sink's counter until the small table is read; exact to about a millisecond.
                Thread.sleep(1);
            }
            PacedUpdates.write(connection, i -> "UPDATE hot SET v = v + 1 WHERE id = " + (i % HOT_ROWS + 1),
                    () -> snapshotRunning() && System.nanoTime() < deadline, committed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            failure.set(e);
        } finally {
            committedDuringSnapshot = committed.size();
            snapshotEnded = System.nanoTime(); // after the count, which the observer reads once it sees this
        }
    }

    /** The updates arrive in commit order, one event each: the n-th update counted by the sink is the n-th committed. */
    private void observe() {
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        long before = BlackholeTotals.updates();
        try {
            while (System.nanoTime() < deadline && failure.get() == null) {
                int arrived = PacedUpdates.recordLags(committed, BlackholeTotals.updates() - before, lags);
                if (snapshotRunning()) {
                    arrivedDuringSnapshot += arrived;
                }
                if (snapshotEnded != 0 && lags.size() >= committedDuringSnapshot) {
                    return;
                }
                // Polls the sink's counter every millisecond: the lags are exact to about that.
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
