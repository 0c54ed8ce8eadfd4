package io.tributary.core.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A Flink metric reporter that registers every Flink metric in Tributary's Prometheus registry,
 * so one endpoint serves Flink's task and checkpoint metrics beside Tributary's own.
 *
 * <p>Flink metrics become {@code flink_<logical scope>_<name>}; metrics Tributary registers under
 * a name starting with {@code tributary_} keep that name. Flink's scope variables become labels
 * ({@code <job_name>} is the pipeline name).
 */
public final class FlinkMetricsBridge implements MetricReporter {
    private static final Pattern UNSAFE = Pattern.compile("[^a-zA-Z0-9_]");
    private static final double[] QUANTILES = {0.5, 0.95, 0.99};
    /** Scope variables that change with every restart and would start new series each time. */
    private static final java.util.Set<String> VOLATILE_VARIABLES = java.util.Set.of("task_attempt_id", "task_attempt_num", "tm_id", "job_id", "task_id", "operator_id");

    private final MeterRegistry registry;
    private final Supplier<String> scrape;
    private Optional<MetricsEndpoint> endpoint = Optional.empty();
    private final Map<Metric, List<Meter>> meters = new ConcurrentHashMap<>();
    /** The Flink metric each registered meter reads, so that a newer metric of the same series takes the meter over. */
    private final Map<Meter.Id, Metric> owners = new ConcurrentHashMap<>();
    private final Set<Metric> textGauges = ConcurrentHashMap.newKeySet();

    /** A bridge into {@code registry}; with a {@code port} option it serves {@code scrape} as {@code /metrics}. */
    public FlinkMetricsBridge(MeterRegistry registry, Supplier<String> scrape) {
        this.registry = requireNonNull(registry, "registry is null");
        this.scrape = requireNonNull(scrape, "scrape is null");
    }

    /**
     * On a Flink cluster ({@code metrics.reporter.tributary.port} set), serves this process's
     * metrics on that port; the embedded runtime leaves the port out and serves them with the
     * pipeline's own HTTP endpoints.
     */
    @Override
    public void open(MetricConfig config) {
        String port = config.getString("port", null);
        if (port != null) {
            endpoint = Optional.of(MetricsEndpoint.start(config.getString("bind-address", "0.0.0.0"), port, scrape));
        }
    }

    @Override
    public void close() {
        endpoint.ifPresent(MetricsEndpoint::close);
        meters.forEach(this::removeMeters);
        meters.clear();
        textGauges.forEach(TextGauges::remove);
        textGauges.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String name = prometheusName(metricName, group);
        if (TextGauges.isText(metricName)) {
            TextGauges.add(metric, metricName, group.getAllVariables().getOrDefault("<job_name>", ""));
            textGauges.add(metric);
            return;
        }
        List<Tag> tags = tags(group);
        List<Meter> registered = new ArrayList<>();
        try {
            if (metric instanceof Counter counter) {
                registered.add(register(metric, FunctionCounter.builder(name, counter, Counter::getCount).tags(tags)::register, name, tags));
            } else if (metric instanceof org.apache.flink.metrics.Gauge<?> gauge) {
                registered.add(register(metric, Gauge.builder(name, gauge, FlinkMetricsBridge::numericValue).tags(tags)::register, name, tags));
            } else if (metric instanceof org.apache.flink.metrics.Meter meter) {
                registered.add(register(metric, Gauge.builder(name, meter, org.apache.flink.metrics.Meter::getRate).tags(tags)::register, name, tags));
            } else if (metric instanceof Histogram histogram) {
                registered.add(register(metric, FunctionCounter.builder(name + "_count", histogram, Histogram::getCount).tags(tags)::register,
                        name + "_count", tags));
                for (double quantile : QUANTILES) {
                    List<Tag> quantileTags = new ArrayList<>(tags);
                    quantileTags.add(Tag.of("quantile", Double.toString(quantile)));
                    registered.add(register(metric, Gauge.builder(name, histogram, h -> h.getStatistics().getQuantile(quantile)).tags(quantileTags)::register,
                            name, quantileTags));
                }
            }
        } catch (IllegalArgumentException e) {
            // Same name with other label names (Prometheus forbids it): leave this one out.
            return;
        }
        meters.put(metric, registered);
    }

    /**
     * Registers a meter for {@code metric}. A restarted job registers its metrics again while the
     * previous attempt's are still registered (the series are the same: attempt and task ids are
     * not labels), so the previous attempt's meter is removed first: the series then reads the
     * running task, and Micrometer has no double registration to warn about.
     */
    private Meter register(Metric metric, java.util.function.Function<MeterRegistry, Meter> registration, String name, List<Tag> tags) {
        Meter previous = registry.find(name).tags(tags).meters().stream()
                .filter(meter -> meter.getId().getTags().size() == tags.size())
                .findFirst().orElse(null);
        if (previous != null && owners.get(previous.getId()) != metric) {
            registry.remove(previous);
        }
        Meter meter = registration.apply(registry);
        owners.put(meter.getId(), metric);
        return meter;
    }

    /** Removes the meters of {@code metric} that a newer metric of the same series has not taken over. */
    private void removeMeters(Metric metric, List<Meter> registered) {
        for (Meter meter : registered) {
            if (owners.remove(meter.getId(), metric)) {
                registry.remove(meter);
            }
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        if (textGauges.remove(metric)) {
            TextGauges.remove(metric);
        }
        List<Meter> registered = meters.remove(metric);
        if (registered != null) {
            removeMeters(metric, registered);
        }
    }

    static String prometheusName(String metricName, MetricGroup group) {
        if (metricName.startsWith("tributary_")) {
            return metricName;
        }
        String scope = group instanceof LogicalScopeProvider provider ? provider.getLogicalScope(s -> UNSAFE.matcher(s).replaceAll("_"), '_') : "";
        return "flink_" + (scope.isEmpty() ? "" : scope + "_") + UNSAFE.matcher(metricName).replaceAll("_");
    }

    private static List<Tag> tags(MetricGroup group) {
        List<Tag> tags = new ArrayList<>();
        for (Map.Entry<String, String> variable : group.getAllVariables().entrySet()) {
            String key = variable.getKey().replace("<", "").replace(">", "");
            if (VOLATILE_VARIABLES.contains(key)) {
                continue;
            }
            if (key.equals("job_name")) {
                key = "pipeline";
            }
            tags.add(Tag.of(UNSAFE.matcher(key).replaceAll("_").toLowerCase(Locale.ROOT), variable.getValue() == null ? "" : variable.getValue()));
        }
        return tags;
    }

    private static double numericValue(org.apache.flink.metrics.Gauge<?> gauge) {
        Object value = gauge.getValue();
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        return Double.NaN;
    }
}
