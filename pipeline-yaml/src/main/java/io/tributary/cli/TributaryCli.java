package io.tributary.cli;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code tributary} command line: {@code run}, {@code validate} and {@code demo}.
 *
 * <p>Exit codes: {@value ExitCodes#OK} success; {@value ExitCodes#FAILED} validating or running the
 * pipeline failed (a database unreachable, a privilege missing, the job failed);
 * {@value ExitCodes#USAGE} the command line or the pipeline file is wrong (picocli usage errors,
 * every {@code CONFIG_*} error and {@code CONNECTOR_UNKNOWN}).
 */
@Command(
        name = "tributary",
        mixinStandardHelpOptions = true,
        versionProvider = TributaryVersion.class,
        description = "Copies the tables of a source database and then every change to them, exactly once, to a sink.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {RunCommand.class, ValidateCommand.class, StatusCommand.class, SnapshotCommand.class, DropCommand.class, DemoCommand.class, BenchmarkCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Success.",
            "1:Validating or running the pipeline failed (for example a database is unreachable).",
            "2:The command line or the pipeline file is wrong."
        })
public final class TributaryCli implements Runnable {
    /** System property carrying the pipeline name into every log line (see log4j2.properties). */
    static final String PIPELINE_LOG_PROPERTY = "tributary.pipeline";

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    /** A command line whose pipeline files see the process environment. */
    public TributaryCli() {
        this(System.getenv());
    }

    /** A command line whose pipeline files see {@code environment} for {@code ${NAME}}. */
    public TributaryCli(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TributaryCli()).execute(args));
    }

    /** The variables {@code ${NAME}} in a pipeline file may refer to. */
    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: give run, validate or demo.");
    }
}
