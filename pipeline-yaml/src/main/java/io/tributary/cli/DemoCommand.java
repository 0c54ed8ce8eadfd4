package io.tributary.cli;

import io.tributary.cli.demo.ShopDemo;
import io.tributary.cli.progress.ProgressReporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tributary demo}: replicates a live example database between two embedded PostgreSQL servers. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = TributaryVersion.class,
        description = {
            "Replicates a live example database between two embedded PostgreSQL servers; needs nothing installed.",
            "It creates a 'shop' database with a few thousand rows and keeps changing it, replicates it into the second"
                    + " server, prints row counts every 5 s, and finally checks that the copy equals the original. On a terminal the"
                    + " pipeline's status line stays at the bottom and its log goes to tributary-demo.log in the temporary directory."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:The copy equals the original.",
            "1:The copy differs, or the pipeline failed.",
            "2:The command line is wrong."
        })
final class DemoCommand implements Callable<Integer> {
    /** Where the demo's log goes on a terminal, which shows the demo's own lines and the status line. */
    private static final Path LOG_FILE = Path.of(System.getProperty("java.io.tmpdir"), "tributary-demo.log");

    @Spec
    private CommandSpec spec;

    @Mixin
    private FailureReporter failures;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "60",
            description = "How long the workload runs before the final comparison; 0 runs until Ctrl-C. Default: ${DEFAULT-VALUE}.")
    private int seconds;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve the status page (/), /metrics, /health/live, /health/ready and /status on this port of 127.0.0.1 while the demo runs.")
    private Integer httpPort;

    @Override
    public Integer call() {
        if (seconds < 0) {
            throw new ParameterException(spec.commandLine(), "--seconds must be 0 or more, was " + seconds + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        System.setProperty(TributaryCli.PIPELINE_LOG_PROPERTY, "shop-demo");
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> finishOnShutdown(stopRequested, finished), "tributary-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            boolean equal;
            try (PipelineConsole console = PipelineConsole.open(PipelineConsole.onTerminal(), failures.verbose() ? PipelineConsole.Verbosity.VERBOSE
                    : PipelineConsole.Verbosity.NORMAL, out, Optional.empty(), LOG_FILE, ProgressReporter.LOG_INTERVAL)) {
                console.logFile().ifPresent(file -> console.out().println("The log goes to " + file + "."));
                ShopDemo demo = new ShopDemo(console.out(), Duration.ofSeconds(seconds), RunCommand.httpPort(spec, httpPort), stopRequested, console::follow);
                equal = demo.run();
            }
            out.println(equal ? "The copy equals the original." : "The copy differs from the original.");
            out.flush();
            return equal ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (Exception e) {
            return failures.report(e, spec.commandLine().getErr());
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shutdownInProgress) {
                // Ctrl-C: the hook waited for this command to finish and now lets the JVM exit.
            }
        }
    }

    /** Ctrl-C ends the workload early; the demo still compares the databases and closes them. */
    private static void finishOnShutdown(CountDownLatch stopRequested, CountDownLatch finished) {
        stopRequested.countDown();
        try {
            finished.await(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
