package io.tributary.it;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text exposition (format 0.0.4), parsed strictly: a line that is
 * neither a comment, a {@code # HELP}/{@code # TYPE} line nor a well-formed sample fails the parse.
 */
record PrometheusText(List<Sample> samples) {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*|#.*");

    /** One sample: metric name, labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
        Sample {
            requireNonNull(name, "name is null");
            labels = Map.copyOf(labels);
        }
    }

    PrometheusText {
        samples = List.copyOf(samples);
    }

    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                int end = 0;
                while (label.find() && label.start() == end) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                if (end != sample.group(3).length()) {
                    throw new IllegalArgumentException("malformed labels in: " + line);
                }
            }
            samples.add(new Sample(sample.group(1), labels, value(sample.group(4), line)));
        }
        return new PrometheusText(samples);
    }

    private static double value(String text, String line) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a sample value in: " + line, e);
                }
            }
        };
    }

    /** The samples of {@code name} whose labels include every one of {@code labels}. */
    List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    /** The largest non-NaN value of {@code name} among the samples labelled with {@code labels}. */
    OptionalDouble max(String name, Map<String, String> labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).filter(v -> !Double.isNaN(v)).max();
    }

    /** The sum of {@code name} over the samples labelled with {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).filter(v -> !Double.isNaN(v)).sum();
    }
}
