package io.tributary.cli.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Formats benchmark figures: one line per run, and medians over runs. */
public final class BenchmarkReport {
    private static final double MIB = 1024.0 * 1024.0;

    private BenchmarkReport() {}

    public static String line(BenchmarkResult r) {
        return String.format(Locale.ROOT,
                "raw JDBC %,.0f rows/s | snapshot %,.0f rows/s (%.1f s incl. start-up) | stream starts %,d ms after it | stream %,.0f events/s | end-of-load lag %,d ms | peak heap %,d MiB"
                        + " | peak RSS %s | first row %,d ms after the pipeline's start in this JVM | start-up from the command %s",
                r.rawJdbcRowsPerSecond(), r.snapshotRowsPerSecond(), r.snapshotSeconds(), r.streamStartMillis(), r.streamEventsPerSecond(), r.endOfLoadLagMillis(),
                r.peakHeapBytes() / (1024 * 1024), mebibytes(r.peakRssBytes()), r.firstRowMillis(),
                r.commandStartup().map(s -> String.format(Locale.ROOT, "%,d ms (peak RSS then %s)", s.millis(), mebibytes(s.peakRssBytes()))).orElse("not measured"));
    }

    public static String medians(List<BenchmarkResult> results) {
        return String.format(Locale.ROOT,
                "median of %d: raw JDBC %,.0f rows/s | snapshot %,.0f rows/s (%.0f%% of raw) | stream starts %,.0f ms after it | stream %,.0f events/s | end-of-load lag %,.0f ms | peak heap %,.0f MiB"
                        + " | peak RSS %s | first row %,.0f ms after the pipeline's start in this JVM | start-up from the command %s",
                results.size(), median(results, BenchmarkResult::rawJdbcRowsPerSecond), median(results, BenchmarkResult::snapshotRowsPerSecond),
                100 * median(results, BenchmarkResult::snapshotRowsPerSecond) / median(results, BenchmarkResult::rawJdbcRowsPerSecond),
                median(results, r -> r.streamStartMillis()), median(results, BenchmarkResult::streamEventsPerSecond), median(results, r -> r.endOfLoadLagMillis()),
                median(results, r -> r.peakHeapBytes() / MIB), mebibytes(medianOfPresent(results, BenchmarkResult::peakRssBytes)),
                median(results, r -> r.firstRowMillis()),
                medianOfPresent(results, r -> r.commandStartup().map(s -> OptionalLong.of(s.millis())).orElse(OptionalLong.empty()))
                        .stream().mapToObj(ms -> String.format(Locale.ROOT, "%,.0f ms", ms)).findFirst().orElse("not measured"));
    }

    private static String mebibytes(OptionalLong bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%,d MiB", bytes.getAsLong() / (1024 * 1024)) : "unknown";
    }

    private static String mebibytes(OptionalDouble bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%,.0f MiB", bytes.getAsDouble() / MIB) : "unknown";
    }

    private static double median(List<BenchmarkResult> results, ToDoubleFunction<BenchmarkResult> figure) {
        return median(results.stream().mapToDouble(figure).sorted().toArray()).orElse(Double.NaN);
    }

    /** The median over the runs that have the figure; empty when none has it. */
    private static OptionalDouble medianOfPresent(List<BenchmarkResult> results, Function<BenchmarkResult, OptionalLong> figure) {
        return median(results.stream().map(figure).filter(OptionalLong::isPresent).mapToDouble(OptionalLong::getAsLong).sorted().toArray());
    }

    private static OptionalDouble median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }
}
