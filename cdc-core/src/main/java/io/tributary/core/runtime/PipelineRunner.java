package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Event;
import io.tributary.core.schema.SchemaChangeBehavior;
import io.tributary.core.schema.SchemaChangeFilter;
import io.tributary.core.schema.SchemaEvolutionFunction;
import io.tributary.core.serialization.EventTypeInfo;
import io.tributary.core.source.IncrementalSnapshotSource;
import io.tributary.core.source.ResnapshotRequest;
import io.tributary.core.source.ResnapshotRequests;
import io.tributary.core.spi.ConnectorFactories;
import io.tributary.core.spi.ConnectorFactory;
import io.tributary.core.spi.InertOptionNotes;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.SinkFactory;
import io.tributary.core.spi.SourceFactory;
import io.tributary.core.spi.ValidationReport;
import io.tributary.core.transform.TransformFunction;
import io.tributary.core.transform.TransformRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.SerializedThrowable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline as a Flink job on an embedded MiniCluster bound to loopback. Checkpoints go to
 * the state directory; a new run resumes from the newest complete checkpoint or savepoint there.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    /** How long a stop waits for a periodic checkpoint under way; longer means the checkpoint is stuck, and the savepoint is tried anyway. */
    private static final long CHECKPOINT_SETTLE_TIMEOUT_MILLIS = 30_000;
    private static final long CHECKPOINT_SETTLE_POLL_MILLIS = 20;
    private static final Map<String, String> TRIBUTARY_PIPELINE_KEYS = Map.of(
            "name", "", "parallelism", "", "schema.change.behavior", "", "local-time-zone", "");

    /**
     * The default restart strategy: back-off from 1 s doubling to 10 s, so that an outage of a
     * source or sink of up to about 15 minutes (1+2+4+8 s, then 96 × 10 s) is ridden out
     * without an operator, the pipeline resumes at most about 10 s after the server is back (a
     * longer back-off left it waiting half a minute after a 30 s outage), and a pipeline that then
     * runs 10 minutes without failing starts counting afresh. Failures no restart can fix end the
     * job at once ({@code FatalFailures}). The pipeline file's own {@code restart-strategy.*} keys
     * are applied after these and win.
     */
    static final Map<String, String> RESTART_STRATEGY = Map.of(
            "restart-strategy.type", "exponential-delay",
            "restart-strategy.exponential-delay.initial-backoff", "1s",
            "restart-strategy.exponential-delay.backoff-multiplier", "2.0",
            "restart-strategy.exponential-delay.max-backoff", "10s",
            "restart-strategy.exponential-delay.jitter-factor", "0.1",
            "restart-strategy.exponential-delay.reset-backoff-threshold", "10min",
            "restart-strategy.exponential-delay.attempts-before-reset-backoff", "100");

    private final PipelineDefinition definition;
    private final RunOptions options;
    private final PipelineContext context;
    private volatile JobClient jobClient;
    private volatile boolean stopRequested;
    /** Stopped as a crash would be: nothing is released. */
    private volatile boolean aborted;
    private final PipelineStatus pipelineStatus;
    private final StateDirectoryWatch stateDirectoryWatch;

    public PipelineRunner(PipelineDefinition definition, RunOptions options) {
        this.definition = requireNonNull(definition, "definition is null");
        this.options = requireNonNull(options, "options is null");
        this.context = new PipelineContext(definition.name(), parallelism(definition),
                SchemaChangeBehavior.parse(definition.pipelineOptions().get(SchemaChangeBehavior.OPTION)));
        this.pipelineStatus = new PipelineStatus(definition.name(), io.tributary.core.metrics.TributaryMeterRegistry.get(), this::checkpointProblem,
                Optional.of(new PipelineStatus.Identity(definition.source().type(), definition.sink().type(), System.currentTimeMillis())),
                this::describeFailure);
        this.stateDirectoryWatch = new StateDirectoryWatch(CheckpointLocator.checkpointsDirectory(options.stateDirectory().toAbsolutePath()), pipelineStatus);
    }

    private static int parallelism(PipelineDefinition definition) {
        String value = definition.pipelineOptions().getOrDefault("parallelism", "1");
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "pipeline.parallelism must be a positive integer, was '" + value + "'");
        }
    }

    /** Checks source and sink without changing either; throws on the first problem. */
    public List<ValidationReport> validate() {
        PipelineSource source = namedSource();
        PipelineSink sink = namedSink();
        return List.of(source.validate(), sink.validate());
    }

    private PipelineSource createSource() {
        var source = definition.source();
        SourceFactory factory = ConnectorFactories.source(source.type());
        logInertOptions(factory, source.options(), "source (" + source.type() + ")");
        return factory.createSource(Configuration.fromMap(source.options()), context);
    }

    /** The sink, without the schema-change lists that the pipeline applies for it ({@link SchemaChangeFilter}). */
    private PipelineSink createSink() {
        var sink = definition.sink();
        SinkFactory factory = ConnectorFactories.sink(sink.type());
        logInertOptions(factory, sink.options(), "sink (" + sink.type() + ")");
        return factory.createSink(Configuration.fromMap(SchemaChangeFilter.withoutTagLists(sink.options())), context);
    }

    /** Flink CDC options that a file sets and that have no effect here: one INFO line each, with the reason. */
    private static void logInertOptions(ConnectorFactory factory, Map<String, String> options, String block) {
        InertOptionNotes.of(factory, options, block).forEach(LOG::info);
    }

    /**
     * For {@code tributary drop}: removes from the source server what this pipeline created for its
     * change stream, and says what it removed or left alone.
     */
    public List<String> dropSource() {
        return namedSource().drop();
    }

    /**
     * Validates, then runs the job until it ends (a snapshot-only pipeline) or is stopped.
     *
     * @throws TributaryException when the job fails; the cause chain's own error where there is one
     */
    public void run() {
        PipelineSource source = namedSource();
        PipelineSink sink = namedSink();
        source.validate();
        sink.validate();
        // Locked once the pipeline is known to be valid: a refused pipeline leaves no state directory behind.
        try (StateDirectoryLock lock = StateDirectoryLock.acquire(options.stateDirectory())) {
            runValidated(source, sink);
        }
    }

    private void runValidated(PipelineSource source, PipelineSink sink) {
        Configuration configuration = flinkConfiguration();
        // Failures the job restarts after reach the status page through the job's status listener.
        configuration.setString(JobFailures.OPTION, JobFailures.class.getName());
        JobFailures.forget(definition.name());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(configuration);
        buildGraph(env, source, sink);
        StatusServer statusServer = options.httpPort().isPresent()
                ? StatusServer.start(options.httpAddress(), options.httpPort().getAsInt(), this::status, pipelineStatus::historyJson,
                        this::requestResnapshot)
                : null;
        if (statusServer != null) {
            StatusAddress.write(options.stateDirectory(), StatusAddress.of(options.httpAddress(), statusServer.port()));
        }
        AutoCloseable failureCapture = TaskFailureCapture.install(definition.name());
        java.util.concurrent.ScheduledExecutorService watcher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "state-directory-watch");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::watchStateDirectory, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
        watcher.scheduleAtFixedRate(() -> pipelineStatus.sample(System.currentTimeMillis()), 0, StatusHistory.INTERVAL_SECONDS,
                java.util.concurrent.TimeUnit.SECONDS);
        try {
            jobClient = env.executeAsync(definition.name());
            LOG.info("Pipeline {} started as Flink job {} (state in {})", definition.name(), jobClient.getJobID(), options.stateDirectory().toAbsolutePath());
            jobClient.getJobExecutionResult().get();
            LOG.info("Pipeline {} finished", definition.name());
            releaseOnStop(source);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryException(ErrorCode.INTERNAL, "Interrupted while running pipeline " + definition.name(), e);
        } catch (ExecutionException e) {
            if (stopRequested) {
                LOG.info("Pipeline {} stopped", definition.name());
                if (!aborted) {
                    releaseOnStop(source);
                }
                return;
            }
            throw describeFailure(e);
        } catch (Exception e) {
            throw describeFailure(e);
        } finally {
            watcher.shutdownNow();
            try {
                failureCapture.close();
            } catch (Exception e) {
                LOG.debug("Removing the task failure capture failed", e);
            }
            if (statusServer != null) {
                StatusAddress.delete(options.stateDirectory());
                statusServer.close();
            }
        }
    }

    /**
     * {@code POST /snapshot}: reads {@code tables} again while the pipeline streams on. Writes the
     * request to the state directory, where the source's enumerator finds it within a second.
     */
    private StatusServer.Answer requestResnapshot(List<String> names, Optional<String> condition) {
        if (names.isEmpty()) {
            return new StatusServer.Answer(400, "Name the tables to read again: POST /snapshot?table=db.schema.table (the parameter may repeat;"
                    + " where=CONDITION reads only the rows that meet it).\n");
        }
        Set<String> captured = pipelineStatus.tableNames();
        List<String> unknown = names.stream().filter(name -> !captured.contains(name)).toList();
        if (!unknown.isEmpty()) {
            return new StatusServer.Answer(400, "Not captured by pipeline '" + definition.name() + "': " + unknown + ". Its tables: " + captured + ".\n");
        }
        ResnapshotRequest request = ResnapshotRequests.write(options.stateDirectory(), names, condition);
        LOG.info("Pipeline {}: {} requested", definition.name(), request);
        return new StatusServer.Answer(202, "Accepted " + request + " (pipeline '" + definition.name() + "'). "
                + ResnapshotRequests.WHAT_HAPPENS + "\n");
    }

    /**
     * Lets the source release what it holds for the stream when its options ask for that on a stop
     * for good; the checkpoints then point at a stream position that is gone, so they go too and
     * the next run starts afresh.
     */
    private void releaseOnStop(PipelineSource source) {
        List<String> released = source.releaseOnStop();
        if (released.isEmpty()) {
            return;
        }
        CheckpointLocator.deleteAll(options.stateDirectory());
        LOG.info("Pipeline {}: {}; its checkpoints in {} were removed, so the next run starts with a new snapshot", definition.name(),
                String.join(", ", released), options.stateDirectory().toAbsolutePath());
    }

    private void watchStateDirectory() {
        try {
            stateDirectoryWatch.check();
        } catch (RuntimeException e) {
            LOG.debug("Watching the state directory failed: {}", e.toString()); // a later round tries again
        }
    }

    /**
     * Validates, then submits the job to a Flink session cluster's REST endpoint
     * ({@code host:port}) with the jars on this process's class path that the cluster lacks,
     * and returns the Flink job id without waiting. The state directory must be a path every
     * cluster process can reach (a shared file system or an object store URI).
     */
    public String submit(String jobManager) {
        HostAndPort address = HostAndPort.parse(jobManager);
        PipelineSource source = namedSource();
        PipelineSink sink = namedSink();
        source.validate();
        sink.validate();
        Configuration configuration = remoteConfiguration();
        List<String> jars = new ArrayList<>(ClusterJars.fromClassPath(System.getProperty("java.class.path")));
        options.jars().forEach(jar -> jars.add(jar.toAbsolutePath().toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(address.host(), address.port(), configuration,
                jars.toArray(String[]::new));
        buildGraph(env, source, sink);
        try {
            JobClient client = env.executeAsync(definition.name());
            LOG.info("Pipeline {} submitted to {} as Flink job {} ({} jars shipped)", definition.name(), jobManager, client.getJobID(), jars.size());
            return client.getJobID().toString();
        } catch (Exception e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Submitting pipeline " + definition.name() + " to the Flink cluster at " + jobManager
                    + " failed: " + e.getMessage() + ". Check that a Flink " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion()
                    + " session cluster's REST endpoint listens there.", e);
        }
    }

    /**
     * Runs the pipeline as the main program of a Flink application cluster (the application mode
     * of the Flink Kubernetes Operator, see {@code deploy/kubernetes/}): validates, starts the job on
     * the cluster's own execution environment and returns its job id; the cluster then runs it,
     * restarting it from its checkpoints. The state directory must be a path every cluster process
     * reaches.
     */
    public String runInApplicationCluster() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(remoteConfiguration());
        if (env instanceof LocalStreamEnvironment) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "--target application works only as the entry class of a Flink application cluster,"
                    + " such as the FlinkDeployment in deploy/kubernetes/. To run the pipeline in this process use --target local; to submit it to a"
                    + " running Flink session cluster use --target remote --jobmanager HOST:PORT.");
        }
        PipelineSource source = namedSource();
        PipelineSink sink = namedSink();
        source.validate();
        sink.validate();
        buildGraph(env, source, sink);
        try {
            JobClient client = env.executeAsync(definition.name());
            LOG.info("Pipeline {} started in the application cluster as Flink job {}", definition.name(), client.getJobID());
            return client.getJobID().toString();
        } catch (Exception e) {
            throw describeFailure(e);
        }
    }

    /** A JobManager REST address, {@code host:port}. */
    private record HostAndPort(String host, int port) {
        static HostAndPort parse(String text) {
            int colon = text.lastIndexOf(':');
            try {
                if (colon > 0) {
                    return new HostAndPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "--jobmanager must be HOST:PORT of the cluster's REST endpoint (usually port 8081), was '" + text + "'");
        }
    }

    private Configuration remoteConfiguration() {
        Configuration conf = new Configuration();
        Path state = options.stateDirectory();
        String stateUri = state.isAbsolute() ? state.toUri().toString() : state.toAbsolutePath().toUri().toString();
        conf.setString("parallelism.default", String.valueOf(context.parallelism()));
        conf.setString("execution.checkpointing.interval", "10s");
        conf.setString("execution.checkpointing.dir", stateUri + "/checkpoints");
        conf.setString("execution.checkpointing.savepoint-dir", stateUri + "/savepoints");
        conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        conf.setString("pipeline.name", definition.name());
        setRecordHandling(conf);
        definition.pipelineOptions().forEach((key, value) -> {
            if (!TRIBUTARY_PIPELINE_KEYS.containsKey(key)) {
                conf.setString(key, value);
            }
        });
        return conf;
    }

    /**
     * How records travel, the same on the embedded runtime and on a cluster: no generic (Kryo)
     * serialization, and no copies between chained operators, because events are immutable and every
     * operator emits new tuples.
     */
    private static void setRecordHandling(Configuration conf) {
        conf.setString("pipeline.generic-types", "false");
        conf.setString("pipeline.object-reuse", "true");
    }

    private Optional<String> checkpointProblem() {
        return stateDirectoryWatch.problem();
    }

    private PipelineStatus.Report status() {
        return pipelineStatus.report(Optional.ofNullable(jobClient));
    }

    /** The document {@code /status} serves, as JSON, for showing this run's progress without the HTTP endpoint. */
    public String statusJson() {
        return status().json();
    }

    /** Stops the job with a savepoint in the state directory, so the next run resumes there. */
    public void stop() {
        stopRequested = true;
        JobClient client = jobClient;
        if (client == null) {
            return;
        }
        awaitNoCheckpointInFlight();
        try {
            String savepoint = client.stopWithSavepoint(false, CheckpointLocator.savepointsDirectory(options.stateDirectory()).toUri().toString(),
                    SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            LOG.info("Pipeline {} stopped with savepoint {}", definition.name(), savepoint);
        } catch (Exception e) {
            LOG.warn("Stopping pipeline {} with a savepoint failed ({}); cancelling; the next run resumes from the last checkpoint",
                    definition.name(), e.getMessage());
            try {
                client.cancel().get(1, TimeUnit.MINUTES);
            } catch (Exception cancelFailure) {
                LOG.warn("Cancelling pipeline {} failed: {}", definition.name(), cancelFailure.getMessage());
            }
        }
    }

    /**
     * Waits, up to {@link #CHECKPOINT_SETTLE_TIMEOUT_MILLIS}, for a periodic checkpoint already under way to
     * complete. A stop-with-savepoint makes each source subtask end its input before taking the savepoint;
     * a periodic checkpoint whose barrier reaches one subtask before that and another after is refused
     * (its operators are partly finished, and the schema-evolution state is a union list), and Flink then
     * fails the savepoint too. Flink tells a client nothing when a checkpoint completes, so its in-progress
     * count is polled; checkpoints here take well under a second.
     */
    private void awaitNoCheckpointInFlight() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_SETTLE_TIMEOUT_MILLIS);
        try {
            while (pipelineStatus.inProgressCheckpoints() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(CHECKPOINT_SETTLE_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cancels the job without a savepoint, as a crash would; the next run resumes from the last checkpoint. */
    public void abort() {
        aborted = true;
        stopRequested = true;
        JobClient client = jobClient;
        if (client != null) {
            try {
                client.cancel().get(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                LOG.warn("Cancelling pipeline {} failed: {}", definition.name(), e.getMessage());
            }
        }
    }

    /** True once the job was submitted (for callers that wait for a running pipeline). */
    public boolean isRunning() {
        return jobClient != null;
    }

    private void buildGraph(StreamExecutionEnvironment env, PipelineSource source, PipelineSink sink) {
        TableRouter router = new TableRouter(definition.routes());
        TransformRules transforms = new TransformRules(definition.transforms(), definition.functions());
        SchemaChangeBehavior behavior = context.schemaChangeBehavior();
        SchemaChangeFilter filter = SchemaChangeFilter.fromSinkOptions(definition.sink().options(), behavior);
        DataStream<Event> events = env.fromSource(withResnapshot(source.createFlinkSource(sink.recovery())), WatermarkStrategy.noWatermarks(),
                        "source: " + definition.source().type(), EventTypeInfo.INSTANCE)
                .uid("tributary-source");
        if (!transforms.isEmpty()) {
            events = events.flatMap(new TransformFunction(transforms), EventTypeInfo.INSTANCE)
                    .uid("tributary-transform")
                    .name("transform");
        }
        // Partitioned before the route renames tables, so that partition-keys of transforms match source tables.
        TupleTypeInfo<Tuple2<Integer, Event>> addressedType = new TupleTypeInfo<>(BasicTypeInfo.INT_TYPE_INFO, EventTypeInfo.INSTANCE);
        SingleOutputStreamOperator<Tuple2<Integer, Event>> partitioned = events
                .flatMap(new KeyPartitioner(context.parallelism(), transforms), addressedType)
                .uid("tributary-partition")
                .name("partition by key");
        SingleOutputStreamOperator<Tuple2<Integer, Event>> addressed = partitioned
                .flatMap(new SchemaEvolutionFunction(router, behavior, filter), addressedType)
                .uid("tributary-route")
                .name("route and evolve schemas");
        if (router.mayMerge()) {
            // tables merged into one sink table need one view of its schema: one subtask decides it
            partitioned.setParallelism(1);
            addressed.setParallelism(1);
        }
        // With one subtask everywhere there is nothing to route: the sink runs in the source's task, and
        // events reach it as objects instead of serialized through a network buffer to another thread.
        DataStream<Tuple2<Integer, Event>> toSink = context.parallelism() == 1
                ? addressed.forward()
                : addressed.partitionCustom((Integer channel, int channels) -> channel, new ChannelOf());
        toSink.map(new Unwrap(), EventTypeInfo.INSTANCE)
                .uid("tributary-unwrap")
                .name("unwrap")
                .sinkTo(sink.createFlinkSink())
                .uid("tributary-sink")
                .name("sink: " + definition.sink().type());
    }

    /** The source, taking re-snapshot requests from the state directory where it can. */
    private Source<Event, ?, ?> withResnapshot(Source<Event, ?, ?> source) {
        return source instanceof IncrementalSnapshotSource<?, ?> snapshotting ? snapshotting.withResnapshotRequests(options.stateDirectory()) : source;
    }

    /** Drops the channel a {@link KeyPartitioner} attached. */
    private static final class Unwrap implements org.apache.flink.api.common.functions.MapFunction<Tuple2<Integer, Event>, Event> {
        private static final long serialVersionUID = 1L;

        @Override
        public Event map(Tuple2<Integer, Event> addressed) {
            return addressed.f1;
        }
    }

    /** Reads the sink subtask a {@link KeyPartitioner} chose. */
    private static final class ChannelOf implements org.apache.flink.api.java.functions.KeySelector<Tuple2<Integer, Event>, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer getKey(Tuple2<Integer, Event> addressed) {
            return addressed.f0;
        }
    }

    /**
     * The embedded runtime's network buffers, sized for this job. Flink gives a local runtime 64 MiB
     * and allocates and zeroes all of it at start, which is 64 MiB of resident memory, while this job
     * exchanges records over at most p × p channels (none at parallelism 1, where the sink runs in
     * the source's task). Such an exchange requires p + 1 buffers of 32 KiB per sending subtask and
     * 2p + 8 per receiving one; four times that (room for a second exchange, such as a sink's
     * committer, and for buffers beyond the required ones), and never under 16 MiB, is what the
     * runtime gets. A pipeline file's own {@code taskmanager.memory.network.*} keys are applied after
     * this and win.
     */
    static String networkMemory(int parallelism) {
        long p = Math.max(1, parallelism);
        long buffers = p * (p + 1) + p * (2 * p + 8);
        long mebibytes = Math.max(16, (4 * buffers * 32 + 1023) / 1024);
        return mebibytes + "mb";
    }

    Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        Path state = options.stateDirectory().toAbsolutePath();
        conf.setString("parallelism.default", String.valueOf(context.parallelism()));
        conf.setString("execution.checkpointing.interval", "10s");
        conf.setString("execution.checkpointing.dir", CheckpointLocator.checkpointsDirectory(state).toUri().toString());
        conf.setString("execution.checkpointing.savepoint-dir", CheckpointLocator.savepointsDirectory(state).toUri().toString());
        conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        conf.setString("execution.checkpointing.num-retained", "2");
        RESTART_STRATEGY.forEach(conf::setString);
        conf.setString("jobmanager.rpc.address", "127.0.0.1");
        conf.setString("jobmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.host", "127.0.0.1");
        conf.setString("taskmanager.bind-host", "127.0.0.1");
        conf.setString("rest.address", "127.0.0.1");
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(Math.max(1, context.parallelism())));
        String network = networkMemory(context.parallelism());
        conf.setString("taskmanager.memory.network.min", network);
        conf.setString("taskmanager.memory.network.max", network);
        conf.setString("pipeline.name", definition.name());
        setRecordHandling(conf);
        conf.setString("metrics.reporter.tributary.factory.class", io.tributary.core.metrics.FlinkMetricsBridgeFactory.class.getName());
        if (!options.jars().isEmpty()) {
            // the job's class loader gets them, as a cluster's does for jars shipped with a job
            conf.set(org.apache.flink.configuration.PipelineOptions.JARS, options.jars().stream().map(jar -> jar.toAbsolutePath().toUri().toString()).toList());
        }
        definition.pipelineOptions().forEach((key, value) -> {
            if (!TRIBUTARY_PIPELINE_KEYS.containsKey(key)) {
                conf.setString(key, value);
            }
        });
        Optional<Path> resumeFrom = CheckpointLocator.newest(state);
        resumeFrom.ifPresent(path -> {
            LOG.info("Resuming pipeline {} from {}", definition.name(), path);
            conf.setString("execution.state-recovery.path", path.toUri().toString());
            CheckpointLocator.pruneAllBut(state, path);
        });
        return conf;
    }

    private TributaryException describeFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Throwable candidate = t;
            if (t instanceof SerializedThrowable serialized) {
                candidate = serialized.deserializeError(PipelineRunner.class.getClassLoader());
            }
            Optional<TributaryException> own = TributaryException.findIn(candidate);
            if (own.isPresent()) {
                return own.get();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new TributaryException(ErrorCode.INTERNAL, "Pipeline " + definition.name() + " failed: " + root + ". The next run resumes from the last checkpoint in "
                + options.stateDirectory().toAbsolutePath(), failure);
    }

    /** The source; an option it refuses is reported with its block in front ("source (postgres): Option 'port' ..."). */
    private PipelineSource namedSource() {
        return namingTheBlock("source (" + definition.source().type() + ")", this::createSource);
    }

    /** The sink; an option it refuses is reported with its block in front ("sink (kafka): ..."). */
    private PipelineSink namedSink() {
        return namingTheBlock("sink (" + definition.sink().type() + ")", this::createSink);
    }

    private static <T> T namingTheBlock(String block, java.util.function.Supplier<T> create) {
        try {
            return create.get();
        } catch (TributaryException e) {
            if (!e.code().name().startsWith("CONFIG_") || e.getMessage().startsWith(block)) {
                throw e;
            }
            throw new TributaryException(e.code(), block + ": " + e.getMessage(), e);
        }
    }
}
