package io.tributary.cli.progress;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The one-line summary of a pipeline's progress, as the terminal's status line and the log's
 * progress line show it. During the snapshot: tables and chunks done of the total, rows read of the
 * estimate, rows per second and time left; while streaming: the source's lag and change events per
 * second.
 */
public final class ProgressLine {
    private ProgressLine() {}

    /** The line for {@code snapshot}, with the rates measured over the last samples (absent before there are two). */
    public static String format(ProgressSnapshot snapshot, OptionalDouble rowsPerSecond, OptionalDouble eventsPerSecond) {
        StringBuilder line = new StringBuilder(snapshot.pipeline()).append(" | ").append(snapshot.phase());
        switch (snapshot.phase()) {
            case "snapshot" -> snapshotFigures(line, snapshot, rowsPerSecond);
            case "streaming" -> streamingFigures(line, snapshot, eventsPerSecond);
            case "restarting" -> line.append(" | restart ").append(snapshot.restarts());
            default -> { }
        }
        return line.toString();
    }

    private static void snapshotFigures(StringBuilder line, ProgressSnapshot snapshot, OptionalDouble rowsPerSecond) {
        String more = snapshot.tablesUnsplit() > 0 ? "+" : "";
        line.append(" | tables ").append(snapshot.tablesDone()).append('/').append(snapshot.tables())
                .append(" | chunks ").append(snapshot.chunksFinished()).append('/').append(snapshot.chunks()).append(more)
                .append(" | rows ").append(count(snapshot.rows()));
        if (snapshot.estimatedRows() > 0) {
            line.append(" of ~").append(count(snapshot.estimatedRows()));
        }
        line.append(" | ").append(rowsPerSecond.isPresent() ? count(Math.round(rowsPerSecond.getAsDouble())) : "-").append(" rows/s")
                .append(" | ").append(snapshot.remainingSeconds().isPresent() ? duration(snapshot.remainingSeconds().getAsDouble()) + " left" : "time left unknown");
    }

    private static void streamingFigures(StringBuilder line, ProgressSnapshot snapshot, OptionalDouble eventsPerSecond) {
        line.append(" | ").append(snapshot.tables()).append(snapshot.tables() == 1 ? " table" : " tables")
                .append(" | lag ").append(snapshot.lagSeconds().isPresent() ? String.format(Locale.ROOT, "%.1f s", snapshot.lagSeconds().getAsDouble()) : "-")
                .append(" | ").append(eventsPerSecond.isPresent() ? count(Math.round(eventsPerSecond.getAsDouble())) : "-").append(" events/s")
                .append(" | checkpoints ").append(snapshot.checkpoints());
    }

    /** 987, 12,345, 1.23M, 4.56G: short enough for a status line, exact where it is small. */
    static String count(long value) {
        if (value < 1_000_000) {
            return String.format(Locale.ROOT, "%,d", value);
        }
        if (value < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2fM", value / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fG", value / 1e9);
    }

    /** 42 s, 3m05s, 2h07m. */
    static String duration(double seconds) {
        long whole = Math.round(Math.max(0, seconds));
        if (whole < 60) {
            return whole + " s";
        }
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", whole / 3600, whole % 3600 / 60);
    }
}
