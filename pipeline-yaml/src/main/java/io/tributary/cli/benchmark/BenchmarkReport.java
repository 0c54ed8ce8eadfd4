package io.tributary.cli.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Formats benchmark figures: one line per run, and medians over runs. */
public final class BenchmarkReport {
    private BenchmarkReport() {}

    public static String line(BenchmarkResult r) {
        return String.format(Locale.ROOT,
                "raw JDBC %,.0f rows/s | snapshot %,.0f rows/s (%.1f s incl. start-up) | stream starts %,d ms after it | stream %,.0f events/s | end-of-load lag %,d ms | peak heap %,d MiB",
                r.rawJdbcRowsPerSecond(), r.snapshotRowsPerSecond(), r.snapshotSeconds(), r.streamStartMillis(), r.streamEventsPerSecond(), r.endOfLoadLagMillis(),
                r.peakHeapBytes() / (1024 * 1024));
    }

    public static String medians(List<BenchmarkResult> results) {
        return String.format(Locale.ROOT,
                "median of %d: raw JDBC %,.0f rows/s | snapshot %,.0f rows/s (%.0f%% of raw) | stream starts %,.0f ms after it | stream %,.0f events/s | end-of-load lag %,.0f ms | peak heap %,.0f MiB",
                results.size(), median(results, BenchmarkResult::rawJdbcRowsPerSecond), median(results, BenchmarkResult::snapshotRowsPerSecond),
                100 * median(results, BenchmarkResult::snapshotRowsPerSecond) / median(results, BenchmarkResult::rawJdbcRowsPerSecond),
                median(results, r -> r.streamStartMillis()), median(results, BenchmarkResult::streamEventsPerSecond), median(results, r -> r.endOfLoadLagMillis()),
                median(results, r -> r.peakHeapBytes() / (1024.0 * 1024.0)));
    }

    private static double median(List<BenchmarkResult> results, ToDoubleFunction<BenchmarkResult> figure) {
        double[] values = results.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
