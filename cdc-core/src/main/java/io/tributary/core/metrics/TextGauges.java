package io.tributary.core.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;

/**
 * Flink gauges whose values are text, such as the source's log position: shown by {@code /status}
 * and kept out of {@code /metrics}, where a value that changes with every event would have to be
 * a label and start a new series each time.
 */
public final class TextGauges {
    /** The Flink gauge names that are text. */
    static final Set<String> NAMES = Set.of("tributary_source_position");

    private record Registered(String name, String pipeline, Gauge<?> gauge) {}

    private static final Map<Metric, Registered> GAUGES = new ConcurrentHashMap<>();

    private TextGauges() {}

    static boolean isText(String metricName) {
        return NAMES.contains(metricName);
    }

    static void add(Metric metric, String name, String pipeline) {
        if (metric instanceof Gauge<?> gauge) {
            GAUGES.put(metric, new Registered(name, requireNonNull(pipeline, "pipeline is null"), gauge));
        }
    }

    static void remove(Metric metric) {
        GAUGES.remove(metric);
    }

    /** The value of the text gauge {@code name} of {@code pipeline}, from the subtask that has one. */
    public static Optional<String> value(String pipeline, String name) {
        for (Registered registered : GAUGES.values()) {
            if (registered.name().equals(name) && registered.pipeline().equals(pipeline)) {
                Object value = registered.gauge().getValue();
                if (value != null) {
                    return Optional.of(value.toString());
                }
            }
        }
        return Optional.empty();
    }
}
