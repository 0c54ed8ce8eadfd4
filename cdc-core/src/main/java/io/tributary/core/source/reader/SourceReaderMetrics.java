package io.tributary.core.source.reader;

import io.tributary.core.model.Operation;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * A reader's metrics: events emitted by operation ({@code tributary_source_events_total}) and
 * the source lag, now minus the commit time of the last change emitted from the log
 * ({@code tributary_source_lag_seconds}).
 */
final class SourceReaderMetrics {
    private final MetricGroup group;
    private final Map<Operation, Counter> events = new EnumMap<>(Operation.class);
    private volatile long lastCommitMillis = -1;
    private volatile Object position;

    SourceReaderMetrics(MetricGroup group) {
        this.group = group;
        for (Operation operation : Operation.values()) {
            events.put(operation, group.addGroup("operation", operation.name().toLowerCase(Locale.ROOT)).counter("tributary_source_events"));
        }
        group.gauge("tributary_source_lag_seconds", (Gauge<Double>) this::lagSeconds);
        group.gauge("tributary_source_position", (Gauge<String>) () -> position == null ? null : position.toString());
    }

    /** Registers a dialect's own gauges (see {@code StreamReader.metrics()}). */
    void register(Map<String, java.util.function.Supplier<Number>> gauges) {
        gauges.forEach((name, value) -> group.gauge(name, (Gauge<Number>) value::get));
    }

    void emitted(Operation operation) {
        events.get(operation).inc();
    }

    void streamed(Operation operation, long commitMillis) {
        events.get(operation).inc();
        lastCommitMillis = commitMillis;
    }

    /** The log position after the last streamed record (text, shown by /status, not a Prometheus metric). */
    void position(Object positionAfter) {
        position = positionAfter;
    }

    private double lagSeconds() {
        long commit = lastCommitMillis;
        return commit < 0 ? 0.0 : Math.max(0, System.currentTimeMillis() - commit) / 1000.0;
    }
}
