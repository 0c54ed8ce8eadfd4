package io.tributary.cli;

import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.spi.ValidationReport;
import io.tributary.pipeline.PipelineParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tributary validate FILE}: checks the file, then the source and sink, changing nothing. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = TributaryVersion.class,
        description = {
            "Checks the pipeline in FILE without changing anything.",
            "First the file's keys and values, then that the source and sink are reachable and set up for it (credentials,"
                    + " server settings, privileges, matching tables)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:The pipeline can run.",
            "1:The source or sink is not ready (the message says what to change).",
            "2:The command line or the pipeline file is wrong."
        })
final class ValidateCommand implements Callable<Integer> {
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
            description = "The state directory 'run' would use; checked to be a directory this user can read and write. Default: .tributary/<pipeline name> in the working directory.")
    private Path stateDirectory;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            PipelineParser.ParsedPipeline parsed = new PipelineParser(cli.environment(), jars.classLoader()).parseForValidation(file);
            PipelineDefinition definition = parsed.definition();
            System.setProperty(TributaryCli.PIPELINE_LOG_PROPERTY, definition.name());
            out.println(file + ": pipeline '" + definition.name() + "' is well-formed. Checking the source and sink...");
            out.flush();
            Path state = RunCommand.usableStateDirectory(stateDirectory, definition);
            List<ValidationReport> reports = new PipelineRunner(definition, new RunOptions(state, OptionalInt.empty(), RunOptions.LOOPBACK, jars.paths())).validate();
            reports.forEach(report -> parsed.transformCheck().check(report.tables()));
            for (ValidationReport report : reports) {
                out.println(report.connector() + ":");
                report.findings().forEach(finding -> out.println("  " + finding));
            }
            out.println("Pipeline '" + definition.name() + "' is valid.");
            out.flush();
            return ExitCodes.OK;
        } catch (Exception e) {
            return failures.report(e, spec.commandLine().getErr());
        }
    }
}
