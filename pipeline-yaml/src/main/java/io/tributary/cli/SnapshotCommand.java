package io.tributary.cli;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.runtime.CheckpointLocator;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.source.ResnapshotRequest;
import io.tributary.core.source.ResnapshotRequests;
import io.tributary.pipeline.PipelineParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tributary snapshot FILE --table T}: reads captured tables again, keeping the stream's position. */
@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        versionProvider = TributaryVersion.class,
        description = {
            "Reads the named tables of the pipeline in FILE again (a re-snapshot), in chunks, while its changes keep streaming: no"
                    + " change of any table is lost or delivered twice, and no other table is read again. A running pipeline takes the"
                    + " request within a second or two (through its --http-port when it has one, which also checks the table names); a"
                    + " stopped one when it next runs."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:The request was taken (the running pipeline answered, or it is in the state directory).",
            "1:The pipeline has never run, or did not answer on its --http-port.",
            "2:The command line or the pipeline file is wrong (a --table the pipeline does not capture too)."
        })
final class SnapshotCommand implements Callable<Integer> {
    @ParentCommand
    private TributaryCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private FailureReporter failures;

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML, Flink CDC pipeline format).")
    private Path file;

    @Option(names = "--table", paramLabel = "TABLE", required = true,
            description = "A captured table to read again, as the pipeline names it (database.schema.table on PostgreSQL, database.table on"
                    + " MySQL and MariaDB). Repeat for several.")
    private List<String> tables;

    @Option(names = "--where", paramLabel = "CONDITION",
            description = "Read only the rows that meet CONDITION, in the source database's SQL (what follows WHERE, e.g. \"id > 1000\" or"
                    + " \"updated_at > now() - interval '1 day'\"), in every table named. Default: every row.")
    private String where;

    @Mixin
    private RunningPipelineOptions pipelineOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            PipelineDefinition definition = new PipelineParser(cli.environment()).parse(file);
            List<String> named = tables.stream().map(SnapshotCommand::tableName).toList();
            Path state = pipelineOptions.stateDirectory(definition);
            Optional<URI> running = pipelineOptions.address(spec, state);
            Optional<String> condition = Optional.ofNullable(where).map(String::trim).filter(text -> !text.isEmpty());
            if (running.isPresent()) {
                out.print(send(running.get(), named, condition, definition));
            } else {
                out.println(queue(state, named, condition, definition));
            }
            out.flush();
            return ExitCodes.OK;
        } catch (Exception e) {
            return failures.report(e, spec.commandLine().getErr());
        }
    }

    /** The name as given, once it is seen to have a table id's form. */
    private static String tableName(String name) {
        try {
            return TableId.parse(name.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "--table " + name + ": " + e.getMessage());
        }
    }

    /** Asks the running pipeline; its answer says what it does. */
    private static String send(URI base, List<String> named, Optional<String> condition, PipelineDefinition definition) throws InterruptedException {
        String query = named.stream().map(t -> "table=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).collect(Collectors.joining("&"))
                + condition.map(text -> "&where=" + URLEncoder.encode(text, StandardCharsets.UTF_8)).orElse("");
        URI uri = base.resolve("snapshot?" + query);
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new TributaryException(response.statusCode() == 400 ? ErrorCode.CONFIG_INVALID : ErrorCode.PIPELINE_NOT_RUNNING,
                        "Pipeline '" + definition.name() + "' refused the re-snapshot: " + response.body().strip());
            }
            return response.body();
        } catch (IOException e) {
            throw new TributaryException(ErrorCode.PIPELINE_NOT_RUNNING, "Pipeline '" + definition.name() + "' does not answer at " + uri + " ("
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + "): it has stopped, or this is not its port."
                    + " Run this command again once it has stopped to queue the request for its next run.", e);
        }
    }

    /** Writes the request to the state directory, where a running pipeline takes it within a second and a stopped one when it next starts. */
    private static String queue(Path state, List<String> named, Optional<String> condition, PipelineDefinition definition) {
        if (!Files.isDirectory(state) || CheckpointLocator.newest(state.toAbsolutePath()).isEmpty()) {
            throw new TributaryException(ErrorCode.PIPELINE_NOT_RUNNING, "Pipeline '" + definition.name() + "' has no checkpoint in " + state
                    + ": it has not run yet, or not long enough, and its first run reads every table anyway. Nothing was requested.");
        }
        ResnapshotRequest request = ResnapshotRequests.write(state, named, condition);
        return "Requested " + request + " of pipeline '" + definition.name() + "' (in " + state + "). " + ResnapshotRequests.WHAT_HAPPENS
                + " Its log says when each table is read, and names any table it does not capture or condition the database refuses.";
    }
}
