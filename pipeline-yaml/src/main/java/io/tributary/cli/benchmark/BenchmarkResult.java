package io.tributary.cli.benchmark;

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
 */
public record BenchmarkResult(double rawJdbcRowsPerSecond, double snapshotRowsPerSecond, double snapshotSeconds, long streamStartMillis,
        double streamEventsPerSecond, long endOfLoadLagMillis, long peakHeapBytes) {}
