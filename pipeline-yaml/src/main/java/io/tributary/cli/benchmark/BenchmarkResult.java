package io.tributary.cli.benchmark;

/**
 * The figures of one benchmark run.
 *
 * @param rawJdbcRowsPerSecond one plain JDBC connection reading the whole table, for comparison
 * @param snapshotRowsPerSecond snapshot rows delivered to the sink per second, first to last row
 * @param snapshotSeconds from job submission to the last snapshot row at the sink
 * @param streamEventsPerSecond change events delivered per second, from the first change committed to the last delivered
 * @param endOfLoadLagMillis from the last change committed to its delivery
 * @param peakHeapBytes the highest heap use sampled during the run
 */
public record BenchmarkResult(double rawJdbcRowsPerSecond, double snapshotRowsPerSecond, double snapshotSeconds,
        double streamEventsPerSecond, long endOfLoadLagMillis, long peakHeapBytes) {}
