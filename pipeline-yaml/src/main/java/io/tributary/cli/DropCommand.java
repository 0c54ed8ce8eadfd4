package io.tributary.cli;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.runtime.StateDirectoryLock;
import io.tributary.pipeline.PipelineParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tributary drop FILE}: removes a pipeline that does not run, so that nothing of it is left
 * holding the source's log: what it created on the source for streaming (never what it did not
 * create), then its state directory. The target's tables and topics stay.
 */
@Command(
        name = "drop",
        mixinStandardHelpOptions = true,
        versionProvider = TributaryVersion.class,
        description = {
            "Removes the pipeline in FILE for good: what it created on the source for its change stream (a PostgreSQL replication slot"
                    + " and publication; never ones it did not create), then its state directory. It refuses while the pipeline runs."
                    + " The target's tables and topics are left as they are. A later 'run' of FILE starts afresh with a snapshot."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Dropped; the lines printed say what was removed and what was left alone.",
            "1:The pipeline runs, or the source could not be reached (nothing was deleted).",
            "2:The command line or the pipeline file is wrong."
        })
final class DropCommand implements Callable<Integer> {
    @ParentCommand
    private TributaryCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private FailureReporter failures;

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML, Flink CDC pipeline format).")
    private Path file;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The state directory the pipeline ran with. Default: .tributary/<pipeline name> in the working directory.")
    private Path stateDirectory;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            PipelineDefinition definition = new PipelineParser(cli.environment()).parse(file);
            System.setProperty(TributaryCli.PIPELINE_LOG_PROPERTY, definition.name());
            Path state = RunCommand.stateDirectory(stateDirectory, definition);
            out.println("Dropping pipeline '" + definition.name() + "' (state in " + state + ")...");
            out.flush();
            List<String> removed;
            try (StateDirectoryLock lock = Files.isDirectory(state) ? StateDirectoryLock.acquire(state) : null) {
                removed = new PipelineRunner(definition, new RunOptions(state, OptionalInt.empty())).dropSource();
            }
            removed.forEach(line -> out.println("  " + line));
            out.println("  " + deleteStateDirectory(state));
            out.println("  left alone: what the sink wrote (tables, topics)");
            out.println("Pipeline '" + definition.name() + "' dropped.");
            out.flush();
            return ExitCodes.OK;
        } catch (Exception e) {
            return failures.report(e, spec.commandLine().getErr());
        }
    }

    private static String deleteStateDirectory(Path state) {
        if (!Files.exists(state)) {
            return "state directory " + state + ": not there";
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(state)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Could not list the state directory " + state + " (" + e.getMessage()
                    + "); delete it by hand.", e);
        }
        for (Path path : paths) {
            try {
                Files.delete(path);
            } catch (IOException e) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "Could not delete " + path + " (" + e.getMessage() + "); delete the state"
                        + " directory " + state + " by hand.", e);
            }
        }
        return "deleted the state directory " + state + " (" + (paths.size() - 1) + " files and directories in it)";
    }
}
