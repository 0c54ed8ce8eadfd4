package io.tributary.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class FlinkMetricsBridgeTest {
    @Test
    void aRestartedTasksMetricTakesOverItsSeriesAndOutlivesTheRemovalOfThePreviousAttempts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FlinkMetricsBridge bridge = new FlinkMetricsBridge(registry, () -> "");
        MetricGroup group = new UnregisteredMetricsGroup();
        Gauge<Long> firstAttempt = () -> 1L;
        Gauge<Long> secondAttempt = () -> 2L;

        bridge.notifyOfAddedMetric(firstAttempt, "tributary_stream_running", group);
        assertThat(registry.get("tributary_stream_running").gauge().value()).isEqualTo(1.0);

        // Flink registers the restarted task's metrics before it removes those of the failed attempt.
        bridge.notifyOfAddedMetric(secondAttempt, "tributary_stream_running", group);
        assertThat(registry.get("tributary_stream_running").gauge().value()).as("the series reads the running attempt").isEqualTo(2.0);
        bridge.notifyOfRemovedMetric(firstAttempt, "tributary_stream_running", group);
        assertThat(registry.get("tributary_stream_running").gauge().value()).as("still served after the old attempt is gone").isEqualTo(2.0);

        bridge.notifyOfRemovedMetric(secondAttempt, "tributary_stream_running", group);
        assertThat(registry.find("tributary_stream_running").meters()).isEmpty();
    }
}
