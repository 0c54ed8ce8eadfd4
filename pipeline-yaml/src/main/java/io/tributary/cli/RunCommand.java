package io.tributary.cli;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.pipeline.PipelineParser;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tributary run FILE}: runs a pipeline until it ends or the process is told to stop. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = TributaryVersion.class,
        description = {
            "Runs the pipeline in FILE until it is stopped.",
            "It copies the selected tables, then streams every change to the sink. Ctrl-C or SIGTERM stops it gracefully"
                    + " (with a savepoint); running it again resumes where it stopped."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:The pipeline stopped normally.",
            "1:The pipeline failed (for example a database became unreachable).",
            "2:The command line or the pipeline file is wrong."
        })
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    private TributaryCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private FailureReporter failures;

    @Mixin
    private FunctionJars jars;

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML, Flink CDC pipeline format).")
    private Path file;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where checkpoints are kept; a restart resumes from the newest one. Default: .tributary/<pipeline name> in the working directory.")
    private Path stateDirectory;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve the status page (/), /metrics (Prometheus), /health/live, /health/ready and /status on this port. Default: no HTTP endpoint.")
    private Integer httpPort;

    @Option(names = "--http-address", paramLabel = "ADDRESS", defaultValue = RunOptions.LOOPBACK,
            description = "The address --http-port binds to. Default: ${DEFAULT-VALUE} (this machine only); 0.0.0.0 for every interface, as in the container image.")
    private String httpAddress;

    /** Where the job runs. */
    enum Target {
        LOCAL("local"),
        REMOTE("remote"),
        APPLICATION("application"),
        KUBERNETES_APPLICATION("kubernetes-application");

        private final String label;

        Target(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }

        /** Reads a {@code --target} value by its label. */
        static final class Converter implements CommandLine.ITypeConverter<Target> {
            @Override
            public Target convert(String value) {
                for (Target target : values()) {
                    if (target.label.equals(value)) {
                        return target;
                    }
                }
                throw new CommandLine.TypeConversionException("--target must be one of local, remote, application, kubernetes-application; was '" + value + "'");
            }
        }
    }

    @Option(names = "--target", paramLabel = "TARGET", defaultValue = "local", converter = Target.Converter.class,
            description = {
                "local: run on an embedded Flink runtime in this process (default).",
                "remote: submit to the Flink session cluster at --jobmanager and return its job id.",
                "application: run as the entry class of a Flink application cluster (the Flink Kubernetes Operator's FlinkDeployment in deploy/kubernetes/).",
                "kubernetes-application: not done by this command; it says how to deploy with the manifest in deploy/kubernetes/."
            })
    private Target target;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
            description = "The REST endpoint of a Flink 2.2 session cluster (usually port 8081), with --target remote. --state-dir must then be a path every cluster process reaches.")
    private String jobManager;

    @Option(names = "--log-file", paramLabel = "FILE",
            description = "Write the log to FILE. Default: on a terminal, <state dir>/tributary.log (the terminal shows a status line, and warnings and errors);"
                    + " otherwise standard error.")
    private Path logFile;

    @Option(names = "--quiet", description = "No status line: the terminal shows errors only.")
    private boolean quiet;

    /** How often the log gets a progress line; tests shorten it. */
    @Option(names = "--progress-interval", hidden = true, defaultValue = "PT30S")
    private Duration progressInterval;

    @Override
    public Integer call() {
        OptionalInt port = httpPort(spec, httpPort);
        if (quiet && failures.verbose()) {
            throw new ParameterException(spec.commandLine(), "--quiet and --verbose contradict each other; give one of them.");
        }
        PipelineConsole.Verbosity verbosity = quiet ? PipelineConsole.Verbosity.QUIET
                : failures.verbose() ? PipelineConsole.Verbosity.VERBOSE : PipelineConsole.Verbosity.NORMAL;
        if ((target == Target.REMOTE) != (jobManager != null)) {
            throw new ParameterException(spec.commandLine(), "--target remote and --jobmanager HOST:PORT go together.");
        }
        if (target == Target.KUBERNETES_APPLICATION) {
            throw new ParameterException(spec.commandLine(), "tributary does not create Kubernetes resources itself. Deploy the pipeline with the Flink"
                    + " Kubernetes Operator: put the pipeline file in a ConfigMap and apply deploy/kubernetes/tributary-application.yaml (a FlinkDeployment in"
                    + " application mode that runs 'tributary run FILE --target application'); README section 'Run on a Flink cluster' has the steps.");
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            PipelineDefinition definition = new PipelineParser(cli.environment(), jars.classLoader()).parse(file);
            System.setProperty(TributaryCli.PIPELINE_LOG_PROPERTY, definition.name());
            Path state = target == Target.LOCAL ? usableStateDirectory(stateDirectory, definition) : stateDirectory(stateDirectory, definition);
            PipelineRunner runner = new PipelineRunner(definition, new RunOptions(state, port, httpAddress, jars.paths()));
            if (target == Target.REMOTE) {
                String jobId = runner.submit(jobManager);
                out.println("Submitted pipeline '" + definition.name() + "' to " + jobManager + " as Flink job " + jobId + ".");
                out.flush();
                return ExitCodes.OK;
            }
            if (target == Target.APPLICATION) {
                String jobId = runner.runInApplicationCluster();
                out.println("Started pipeline '" + definition.name() + "' in this Flink application cluster as Flink job " + jobId + ".");
                out.flush();
                return ExitCodes.OK;
            }
            runLocally(definition, state, runner, verbosity);
            return ExitCodes.OK;
        } catch (Exception e) {
            return failures.report(e, spec.commandLine().getErr());
        }
    }

    /** Runs the pipeline in this process, with its progress on the terminal or in the log. */
    private void runLocally(PipelineDefinition definition, Path state, PipelineRunner runner, PipelineConsole.Verbosity verbosity) throws Exception {
        try (PipelineConsole console = PipelineConsole.open(PipelineConsole.onTerminal(), verbosity, spec.commandLine().getOut(),
                Optional.ofNullable(logFile), state.resolve("tributary.log"), progressInterval)) {
            PrintWriter out = console.out();
            out.println("Running pipeline '" + definition.name() + "' from " + file + " (state in " + state
                    + console.logFile().map(log -> ", log in " + log).orElse("") + "). Stop it with Ctrl-C.");
            out.flush();
            console.follow(runner::statusJson);
            runUntilStopped(runner, console::close);
        }
        spec.commandLine().getOut().println("Pipeline '" + definition.name() + "' stopped.");
        spec.commandLine().getOut().flush();
    }

    /** Runs the pipeline; SIGTERM and Ctrl-C stop it through a shutdown hook, with a savepoint, and then run {@code afterStop}. */
    private void runUntilStopped(PipelineRunner runner, Runnable afterStop) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopOnShutdown(runner, ended, err);
            afterStop.run(); // the JVM may exit before this command's own thread gets to it
        }, "tributary-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            runner.run();
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shutdownInProgress) {
                // The hook is stopping the runner; it finishes before the JVM exits.
            }
        }
    }

    /** Stops the runner, then lets the JVM exit only once the run has ended (it may still release the source, see slot.drop-on-stop). */
    private static void stopOnShutdown(PipelineRunner runner, CountDownLatch ended, PrintWriter err) {
        try {
            boolean submitted = runner.isRunning();
            runner.stop();
            if (submitted) {
                ended.await(1, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            err.println("error: stopping the pipeline failed: " + e);
            err.flush();
        }
    }

    /** The state directory: as given, or {@code .tributary/<name as an identifier>} in the working directory. */
    static Path stateDirectory(Path given, PipelineDefinition definition) {
        Path directory = given != null ? given : Path.of(".tributary", definition.id());
        return directory.toAbsolutePath().normalize();
    }

    /**
     * The state directory of a pipeline run on this machine, checked: a directory this process can
     * read and write, or a path where one can be created.
     *
     * @throws TributaryException (CONFIG_INVALID) otherwise, before anything connects to a database
     */
    static Path usableStateDirectory(Path given, PipelineDefinition definition) {
        Path directory = stateDirectory(given, definition);
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String what = given != null ? "--state-dir " + directory : "The state directory " + directory;
        if (existing != null && !Files.isDirectory(existing)) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, what + " cannot be used: " + existing
                    + " is a file, not a directory. Give --state-dir a directory (or a path where one can be created).");
        }
        if (existing == null || !Files.isReadable(existing) || !Files.isWritable(existing) || !Files.isExecutable(existing)) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, what + " cannot be used: " + existing + " is not readable and writable"
                    + " by this user. Fix its permissions (chown/chmod) or give --state-dir another directory.");
        }
        return directory;
    }

    static OptionalInt httpPort(CommandSpec spec, Integer port) {
        if (port == null) {
            return OptionalInt.empty();
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--http-port must be between 0 and 65535, was " + port + ".");
        }
        return OptionalInt.of(port);
    }
}
