package io.tributary.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableId;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {
    private static final TableId TABLE = TableId.parse("db.public.t");

    /** Keeps what is registered, by name and operation label. */
    private static final class RecordingGroup extends UnregisteredMetricsGroup {
        final Map<String, Metric> metrics;
        final String prefix;

        RecordingGroup(Map<String, Metric> metrics, String prefix) {
            this.metrics = metrics;
            this.prefix = prefix;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new RecordingGroup(metrics, prefix + value + ":");
        }

        @Override
        public Counter counter(String name) {
            Counter counter = new org.apache.flink.metrics.SimpleCounter();
            metrics.put(prefix + name, counter);
            return counter;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(prefix + name, gauge);
            return gauge;
        }
    }

    @Test
    void countsOnlyCommittedEventsAndMeasuresLagFromTheLastCommittedChange() {
        Map<String, Metric> metrics = new HashMap<>();
        SinkMetrics sink = new SinkMetrics(new RecordingGroup(metrics, ""));
        long committedAt = System.currentTimeMillis() - 5_000;

        sink.accepted(DataChangeEvent.read(TABLE, new Object[] {1}, System.currentTimeMillis()));
        sink.accepted(DataChangeEvent.insert(TABLE, new Object[] {2}, committedAt));
        assertThat(count(metrics, "insert:tributary_sink_events")).as("not committed yet").isZero();
        assertThat(lag(metrics)).isZero();

        sink.committed();
        assertThat(count(metrics, "insert:tributary_sink_events")).isEqualTo(1);
        assertThat(count(metrics, "read:tributary_sink_events")).isEqualTo(1);
        assertThat(lag(metrics)).as("snapshot rows do not count towards the lag").isBetween(5.0, 60.0);

        sink.failed();
        assertThat(count(metrics, "tributary_sink_errors")).isEqualTo(1);
    }

    private static long count(Map<String, Metric> metrics, String name) {
        return ((Counter) metrics.get(name)).getCount();
    }

    private static double lag(Map<String, Metric> metrics) {
        return (Double) ((Gauge<?>) metrics.get("tributary_sink_lag_seconds")).getValue();
    }
}
