package io.tributary.cli.benchmark;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The figures of one benchmark run.
 *
 * @param rawJdbcRowsPerSecond one plain JDBC connection reading the whole table, for comparison
 * @param snapshotRowsPerSecond snapshot rows delivered to the sink per second, first to last row
 * @param snapshotSeconds from job submission to the last snapshot row at the sink
 * @param streamStartMillis from the last snapshot row at the sink to the first change delivered after it (a probe
 *     update committed every 200 ms): how long the stream waits after the snapshot
 * @param streamEventsPerSecond change events delivered per second, from the first change committed to the last delivered
 * @param endOfLoadLagMillis from the last change committed to its delivery
 * @param peakHeapBytes the highest heap use sampled during the run
 * @param firstRowMillis from the start of the pipeline in this process (validation, embedded Flink runtime, job) to its
 *     first snapshot row at the sink; the JVM is already up and, after the first run, its classes loaded
 * @param peakRssBytes this process's peak resident set during the run (servers that run in it included), where the
 *     system reports it
 * @param commandStartup a fresh {@code bin/tributary run} of the same source, command to first row, where measured
 */
public record BenchmarkResult(double rawJdbcRowsPerSecond, double snapshotRowsPerSecond, double snapshotSeconds, long streamStartMillis,
        double streamEventsPerSecond, long endOfLoadLagMillis, long peakHeapBytes, long firstRowMillis, OptionalLong peakRssBytes,
        Optional<CommandStartup.Result> commandStartup) {
    public BenchmarkResult {
        requireNonNull(peakRssBytes, "peakRssBytes is null");
        requireNonNull(commandStartup, "commandStartup is null");
    }

    /** This result with the start-up of a fresh process measured beside it. */
    public BenchmarkResult withCommandStartup(CommandStartup.Result startup) {
        return new BenchmarkResult(rawJdbcRowsPerSecond, snapshotRowsPerSecond, snapshotSeconds, streamStartMillis, streamEventsPerSecond, endOfLoadLagMillis,
                peakHeapBytes, firstRowMillis, peakRssBytes, Optional.of(startup));
    }
}
