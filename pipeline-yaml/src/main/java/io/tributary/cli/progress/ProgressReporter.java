package io.tributary.cli.progress;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a running pipeline's progress line at a fixed interval: reads the pipeline's
 * {@code /status} document, keeps the rates, and hands the formatted line to a display (the
 * terminal's status line, or the log). One named daemon thread, stopped by {@link #close}.
 */
public final class ProgressReporter implements AutoCloseable {
    /** How often the terminal's status line is redrawn. */
    public static final Duration TERMINAL_INTERVAL = Duration.ofSeconds(1);
    /** How often the log gets a progress line. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    private final Supplier<String> statusJson;
    private final Consumer<String> display;
    private final ProgressRates rates;
    private final ScheduledExecutorService executor;
    private boolean reported;

    private ProgressReporter(Supplier<String> statusJson, Consumer<String> display, Duration interval) {
        this.statusJson = requireNonNull(statusJson, "statusJson is null");
        this.display = requireNonNull(display, "display is null");
        this.rates = new ProgressRates(interval.compareTo(RATE_WINDOW) > 0 ? interval : RATE_WINDOW);
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tributary-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts reporting every {@code interval}, the first time after one interval.
     *
     * @param statusJson the pipeline's {@code /status} document as JSON
     */
    public static ProgressReporter start(Supplier<String> statusJson, Consumer<String> display, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        ProgressReporter reporter = new ProgressReporter(statusJson, display, interval);
        reporter.executor.scheduleAtFixedRate(reporter::report, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return reporter;
    }

    /** A display that writes the line to the log at INFO, as {@code Progress: LINE}. */
    public static Consumer<String> toLog() {
        return line -> LOG.info("Progress: {}", line);
    }

    private void report() {
        try {
            ProgressSnapshot snapshot = ProgressSnapshot.of(JSON.readTree(statusJson.get()));
            if (snapshot.phase().equals("unknown") && reported) {
                return; // the job does not answer (it is shutting down): the last line shown says more
            }
            reported = true;
            rates.add(System.nanoTime(), snapshot);
            display.accept(ProgressLine.format(snapshot, rates.rowsPerSecond(), rates.eventsPerSecond()));
        } catch (IOException | RuntimeException e) {
            // The progress line is a view; the next round tries again, and the pipeline is not disturbed.
            LOG.debug("Reading the pipeline's status for its progress line failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
