package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.core.error.TributaryException;
import io.tributary.core.metrics.TextGauges;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * What {@code /status} shows and {@code /health/ready} answers for a pipeline on the embedded
 * runtime: the job's state, the phase, snapshot progress per table, the source's position and
 * lag, the sink's lag and the last checkpoint, read from the job and from the process's metrics
 * (where Flink's job and task metrics are bridged in).
 */
final class PipelineStatus implements StateDirectoryWatch.Counts {
    /** One answer: whether the pipeline is ready, and the JSON document of {@code /status}. */
    record Report(boolean ready, Map<String, Object> document) {
        Report {
            requireNonNull(document, "document is null");
        }

        String json() {
            try {
                return JSON.writeValueAsString(document) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("The /status document of a pipeline could not be written as JSON: " + document, e);
            }
        }
    }

    /** Writes absent values (empty {@code Optional}s) as null, and a double without a value (NaN, infinite) as null, as JSON has none. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new SimpleModule("status-numbers").addSerializer(Double.class, new FiniteDoubleSerializer()))
            .build();

    /** A double as a JSON number, or null where it has no numeric value. */
    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                generator.writeNumber(value);
            } else {
                generator.writeNull();
            }
        }
    }

    /**
     * What the status page names a pipeline by, besides its name.
     *
     * @param sourceType the source block's {@code type}, e.g. {@code postgres}
     * @param sinkType the sink block's {@code type}
     * @param startedAtMillis when this run started
     */
    record Identity(String sourceType, String sinkType, long startedAtMillis) {
        Identity {
            requireNonNull(sourceType, "sourceType is null");
            requireNonNull(sinkType, "sinkType is null");
        }
    }

    private final String pipeline;
    private final MeterRegistry registry;
    private final Readiness readiness = new Readiness();
    private final java.util.function.Supplier<Optional<String>> checkpointProblem;
    private final Optional<Identity> identity;
    private final java.util.function.Function<Throwable, TributaryException> describeFailure;
    private final StatusHistory history = new StatusHistory();

    /** {@code checkpointProblem}: why checkpoints cannot be written now, if that is known. */
    PipelineStatus(String pipeline, MeterRegistry registry, java.util.function.Supplier<Optional<String>> checkpointProblem) {
        this(pipeline, registry, checkpointProblem, Optional.empty(), failure -> TributaryException.findIn(failure)
                .orElseGet(() -> new TributaryException(io.tributary.core.error.ErrorCode.INTERNAL, String.valueOf(failure), failure)));
    }

    /**
     * @param identity the run's source and sink types and start, for the status page
     * @param describeFailure what a job failure means for the user: the error with its code and what to do
     */
    PipelineStatus(String pipeline, MeterRegistry registry, java.util.function.Supplier<Optional<String>> checkpointProblem,
            Optional<Identity> identity, java.util.function.Function<Throwable, TributaryException> describeFailure) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.checkpointProblem = requireNonNull(checkpointProblem, "checkpointProblem is null");
        this.identity = requireNonNull(identity, "identity is null");
        this.describeFailure = requireNonNull(describeFailure, "describeFailure is null");
    }

    /** Reads the metrics into the history the status page charts; called every {@link StatusHistory#INTERVAL_SECONDS} seconds. */
    void sample(long nowMillis) {
        Map<String, Double> events = new TreeMap<>();
        for (Meter meter : registry.find("tributary_source_events").tag("pipeline", pipeline).meters()) {
            String operation = meter.getId().getTag("operation");
            OptionalDouble value = valueOf(meter);
            if (operation != null && value.isPresent()) {
                events.merge(operation, value.getAsDouble(), Double::sum);
            }
        }
        Map<String, Long> rows = new TreeMap<>();
        for (Meter meter : registry.find("tributary_snapshot_table_rows").tag("pipeline", pipeline).meters()) {
            String table = meter.getId().getTag("table");
            OptionalDouble value = valueOf(meter);
            if (table != null && value.isPresent()) {
                rows.merge(table, (long) value.getAsDouble(), Long::sum);
            }
        }
        Optional<StatusHistory.Checkpoint> last = Optional.empty();
        OptionalDouble id = value("flink_jobmanager_job_lastCompletedCheckpointId");
        OptionalDouble completedAt = value("flink_jobmanager_job_lastCheckpointCompletedTimestamp");
        if (completedCheckpoints() > 0 && id.isPresent() && completedAt.isPresent() && completedAt.getAsDouble() > 0) {
            last = Optional.of(new StatusHistory.Checkpoint((long) id.getAsDouble(), (long) completedAt.getAsDouble(),
                    (long) value("flink_jobmanager_job_lastCheckpointDuration").orElse(0), (long) value("flink_jobmanager_job_lastCheckpointSize").orElse(0)));
        }
        history.record(new StatusHistory.Reading(nowMillis, events, value("tributary_source_lag_seconds"), value("tributary_sink_lag_seconds"),
                rows, last));
    }

    /** {@code /status/history}: the charts' samples and the last checkpoints. */
    String historyJson() {
        try {
            return JSON.writeValueAsString(history.document()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The /status/history document of a pipeline could not be written as JSON", e);
        }
    }

    @Override
    public long completedCheckpoints() {
        return (long) value("flink_jobmanager_job_numberOfCompletedCheckpoints").orElse(0);
    }

    @Override
    public long failedCheckpoints() {
        return (long) value("flink_jobmanager_job_numberOfFailedCheckpoints").orElse(0);
    }

    /** Checkpoints Flink has triggered and not yet completed or aborted. */
    long inProgressCheckpoints() {
        return (long) value("flink_jobmanager_job_numberOfInProgressCheckpoints").orElse(0);
    }

    Report report(Optional<JobClient> client) {
        Optional<JobStatus> state = client.flatMap(PipelineStatus::jobStatus);
        boolean running = state.equals(Optional.of(JobStatus.RUNNING));
        long restarts = (long) value("flink_jobmanager_job_numRestarts").orElse(0);
        long completed = completedCheckpoints();
        long failed = failedCheckpoints();
        boolean ready = readiness.observe(running, restarts, completed, failed);

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("pipeline", pipeline);
        document.put("phase", phase(client.isPresent(), state));
        document.put("ready", ready);
        document.put("jobId", client.map(c -> c.getJobID().toString()));
        document.put("jobState", state.map(s -> s.name().toLowerCase(Locale.ROOT)));
        document.put("restarts", restarts);
        document.put("snapshot", snapshot());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("position", TextGauges.value(pipeline, "tributary_source_position"));
        source.put("lagSeconds", number(value("tributary_source_lag_seconds")));
        source.put("events", number(sum("tributary_source_events")));
        document.put("source", source);
        document.put("sink", Map.of("lagSeconds", number(value("tributary_sink_lag_seconds"))));
        document.put("checkpoints", checkpoints(completed, failed));
        identity.ifPresent(run -> {
            document.put("sourceType", run.sourceType());
            document.put("sinkType", run.sinkType());
            document.put("startedAt", Instant.ofEpochMilli(run.startedAtMillis()).toString());
            document.put("uptimeSeconds", Math.max(0, (System.currentTimeMillis() - run.startedAtMillis()) / 1000));
        });
        document.put("lastError", JobFailures.last(pipeline).map(this::lastError));
        return new Report(ready, document);
    }

    /** The last failure, as the user reads it: its code, its message with what to do, and when it happened. */
    private Map<String, Object> lastError(JobFailures.Failure failure) {
        TributaryException described = describeFailure.apply(failure.error());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", described.code().name());
        error.put("message", described.getMessage());
        error.put("at", Instant.ofEpochMilli(failure.atMillis()).toString());
        return error;
    }

    private static Optional<JobStatus> jobStatus(JobClient client) {
        try {
            return Optional.of(client.getJobStatus().get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            // The job is gone (the runtime has shut down) or does not answer: the state is unknown.
            return Optional.empty();
        }
    }

    private String phase(boolean submitted, Optional<JobStatus> state) {
        if (!submitted) {
            return "starting";
        }
        if (state.isEmpty()) {
            return "unknown";
        }
        return switch (state.get()) {
            case RUNNING -> streamingOnly() ? "streaming" : "snapshot";
            case INITIALIZING, CREATED, RECONCILING -> "starting";
            case RESTARTING -> "restarting";
            case FAILING, FAILED -> "failed";
            case CANCELLING, CANCELED, SUSPENDED -> "stopped";
            case FINISHED -> "finished";
        };
    }

    /** The stream runs and no chunk is left to read (where the stream runs during the snapshot, it runs from the start). */
    private boolean streamingOnly() {
        return value("tributary_stream_running").orElse(0) >= 1 && value("tributary_snapshot_chunks_pending").orElse(0) == 0
                && value("tributary_snapshot_tables_unsplit").orElse(0) == 0;
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("tables", number(value("tributary_snapshot_tables")));
        snapshot.put("tablesUnsplit", number(value("tributary_snapshot_tables_unsplit")));
        snapshot.put("tablesStreaming", number(sum("tributary_table_streaming")));
        snapshot.put("chunksFinished", number(value("tributary_snapshot_chunks_finished")));
        snapshot.put("chunksPending", number(value("tributary_snapshot_chunks_pending")));
        snapshot.put("rows", number(value("tributary_snapshot_rows")));
        snapshot.put("remainingSeconds", number(value("tributary_snapshot_remaining_seconds")));
        Map<String, Map<String, Object>> tables = new TreeMap<>();
        perTable(tables, "chunks", "tributary_snapshot_table_chunks");
        perTable(tables, "chunksFinished", "tributary_snapshot_table_chunks_finished");
        perTable(tables, "rows", "tributary_snapshot_table_rows");
        perTable(tables, "estimatedRows", "tributary_snapshot_table_rows_estimated");
        perTable(tables, "streaming", "tributary_table_streaming");
        tables.values().forEach(table -> table.computeIfPresent("streaming", (key, value) -> ((Long) value) >= 1));
        Map<String, Double> rates = history.tableRowsPerSecond();
        tables.forEach((table, progress) -> {
            if (rates.containsKey(table)) {
                double rate = rates.get(table);
                progress.put("rowsPerSecond", rate);
                Object rows = progress.get("rows");
                Object estimated = progress.get("estimatedRows");
                if (rows instanceof Long read && estimated instanceof Long total && total > read && rate > 0) {
                    progress.put("remainingSeconds", (long) Math.ceil((total - read) / rate));
                }
            }
        });
        List<Map<String, Object>> list = new ArrayList<>();
        tables.forEach((table, progress) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("table", table);
            entry.putAll(progress);
            list.add(entry);
        });
        snapshot.put("perTable", list);
        return snapshot;
    }

    /** The tables the pipeline's source captures, as their metrics name them. */
    java.util.Set<String> tableNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Meter meter : registry.find("tributary_table_streaming").tag("pipeline", pipeline).meters()) {
            String table = meter.getId().getTag("table");
            if (table != null) {
                names.add(table);
            }
        }
        return names;
    }

    private void perTable(Map<String, Map<String, Object>> tables, String key, String metric) {
        for (Meter meter : registry.find(metric).tag("pipeline", pipeline).meters()) {
            String table = meter.getId().getTag("table");
            OptionalDouble value = valueOf(meter);
            if (table != null && value.isPresent()) {
                tables.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(key, (long) value.getAsDouble());
            }
        }
    }

    private Map<String, Object> checkpoints(long completed, long failed) {
        Map<String, Object> checkpoints = new LinkedHashMap<>();
        checkpoints.put("completed", completed);
        checkpoints.put("failed", failed);
        checkpoints.put("problem", checkpointProblem.get());
        if (completed > 0) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("id", number(value("flink_jobmanager_job_lastCompletedCheckpointId")));
            OptionalDouble completedAt = value("flink_jobmanager_job_lastCheckpointCompletedTimestamp");
            last.put("completedAt", completedAt.isPresent() && completedAt.getAsDouble() > 0
                    ? Optional.of(Instant.ofEpochMilli((long) completedAt.getAsDouble()).toString()) : Optional.empty());
            last.put("durationMillis", number(value("flink_jobmanager_job_lastCheckpointDuration")));
            last.put("sizeBytes", number(value("flink_jobmanager_job_lastCheckpointSize")));
            checkpoints.put("last", last);
        }
        return checkpoints;
    }

    /** The sum of the metric over the pipeline's series (e.g. over tables); nothing if it has none. */
    private OptionalDouble sum(String metric) {
        double[] values = registry.find(metric).tag("pipeline", pipeline).meters().stream()
                .map(PipelineStatus::valueOf)
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .toArray();
        return values.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Arrays.stream(values).sum());
    }

    /** The largest value of the metric among the pipeline's series (subtasks, operations). */
    private OptionalDouble value(String metric) {
        return registry.find(metric).tag("pipeline", pipeline).meters().stream()
                .map(PipelineStatus::valueOf)
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .max();
    }

    private static OptionalDouble valueOf(Meter meter) {
        double value = Double.NaN;
        if (meter instanceof Gauge gauge) {
            value = gauge.value();
        } else if (meter instanceof FunctionCounter counter) {
            value = counter.count();
        }
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** A whole number as a long, a fraction as a double, nothing as JSON null. */
    private static Object number(OptionalDouble value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        double v = value.getAsDouble();
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }
}
