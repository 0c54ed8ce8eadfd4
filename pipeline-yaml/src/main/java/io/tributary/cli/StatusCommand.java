package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.pipeline.PipelineParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tributary status FILE}: the {@code /status} of a running pipeline, as a person reads it. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = TributaryVersion.class,
        description = {
            "Prints how the running pipeline in FILE is doing: phase, restarts, source and sink lag, checkpoints, and per table the"
                    + " snapshot's progress and whether its changes stream live. The pipeline must run with --http-port; its state directory"
                    + " tells where (or give --http-port here)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:The pipeline answered.",
            "1:It does not run, or runs without --http-port, or did not answer.",
            "2:The command line or the pipeline file is wrong."
        })
final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private TributaryCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private FailureReporter failures;

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML, Flink CDC pipeline format).")
    private Path file;

    @Mixin
    private RunningPipelineOptions pipelineOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            PipelineDefinition definition = new PipelineParser(cli.environment()).parse(file);
            Path state = pipelineOptions.stateDirectory(definition);
            URI base = pipelineOptions.address(spec, state).orElseThrow(() -> notServing(definition, state));
            JsonNode status = fetch(base.resolve("status"), definition);
            render(status, out);
            out.flush();
            return ExitCodes.OK;
        } catch (Exception e) {
            return failures.report(e, spec.commandLine().getErr());
        }
    }

    private static TributaryException notServing(PipelineDefinition definition, Path state) {
        boolean ran = Files.exists(state.resolve("tributary.lock"));
        return new TributaryException(ErrorCode.PIPELINE_NOT_RUNNING, "Pipeline '" + definition.name() + "' "
                + (ran ? "does not run with --http-port, or does not run at all" : "has not run with state directory " + state)
                + ": nothing records where its status is served. Run it with --http-port N (then 'tributary status' finds it), or give the"
                + " port here with --http-port.");
    }

    private static JsonNode fetch(URI uri, PipelineDefinition definition) throws InterruptedException {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new TributaryException(ErrorCode.PIPELINE_NOT_RUNNING, uri + " answered " + response.statusCode() + ", not the pipeline's status.");
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new TributaryException(ErrorCode.PIPELINE_NOT_RUNNING, "Pipeline '" + definition.name() + "' does not answer at " + uri + " ("
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + "): it has stopped, or this is not its port.", e);
        }
    }

    static void render(JsonNode status, PrintWriter out) {
        out.printf("Pipeline '%s': %s, %s, job %s, %d restarts%n", status.path("pipeline").asText(), status.path("phase").asText(),
                status.path("ready").asBoolean() ? "ready" : "not ready", text(status.path("jobState")), status.path("restarts").asLong());
        out.printf("Source: position %s, lag %s    Sink: lag %s%n", text(status.path("source").path("position")),
                seconds(status.path("source").path("lagSeconds")), seconds(status.path("sink").path("lagSeconds")));
        JsonNode checkpoints = status.path("checkpoints");
        JsonNode last = checkpoints.path("last");
        out.printf("Checkpoints: %d completed, %d failed%s%n", checkpoints.path("completed").asLong(), checkpoints.path("failed").asLong(),
                last.isObject() ? String.format(Locale.ROOT, "; last #%d at %s (%s ms, %,d bytes)", last.path("id").asLong(),
                        text(last.path("completedAt")), text(last.path("durationMillis")), last.path("sizeBytes").asLong()) : "");
        if (!checkpoints.path("problem").isNull() && !checkpoints.path("problem").isMissingNode()) {
            out.printf("Checkpoint problem: %s%n", checkpoints.path("problem").asText());
        }
        JsonNode snapshot = status.path("snapshot");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TABLE", "CHUNKS", "ROWS", "STREAMING"});
        for (JsonNode table : snapshot.path("perTable")) {
            rows.add(new String[] {table.path("table").asText(), table.path("chunksFinished").asLong() + "/" + table.path("chunks").asLong(),
                    String.format(Locale.ROOT, "%,d/%,d", table.path("rows").asLong(), table.path("estimatedRows").asLong()),
                    table.path("streaming").asBoolean() ? "yes" : "no"});
        }
        out.printf("Snapshot: %s tables, %s rows, %s s left%n", text(snapshot.path("tables")), text(snapshot.path("rows")),
                text(snapshot.path("remainingSeconds")));
        int[] widths = new int[4];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        for (String[] row : rows) {
            out.printf("  %-" + widths[0] + "s  %" + widths[1] + "s  %" + widths[2] + "s  %s%n", row[0], row[1], row[2], row[3]);
        }
    }

    private static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "-" : value.asText();
    }

    private static String seconds(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.1f s", value.asDouble()) : "-";
    }
}
