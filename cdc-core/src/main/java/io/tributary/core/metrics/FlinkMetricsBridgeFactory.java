package io.tributary.core.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates the {@link FlinkMetricsBridge} Flink loads as reporter {@code tributary}: in the embedded
 * runtime, and on a Flink cluster whose {@code plugins/} directory holds Tributary's metrics jars.
 */
public final class FlinkMetricsBridgeFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new FlinkMetricsBridge(TributaryMeterRegistry.get(), TributaryMeterRegistry::scrape);
    }
}
