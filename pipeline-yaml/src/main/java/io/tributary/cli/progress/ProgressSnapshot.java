package io.tributary.cli.progress;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The figures of a pipeline's {@code /status} document that its progress line shows, read from
 * that document (the same one the HTTP endpoint serves), so that nothing is counted twice.
 *
 * @param tablesDone tables whose snapshot is complete (all their chunks read)
 * @param tablesUnsplit tables not yet fully split into chunks: the chunk total still grows
 * @param events change events the source emitted so far (for a rate), if known
 */
public record ProgressSnapshot(String pipeline, String phase, long restarts, long tables, long tablesDone, long tablesUnsplit, long chunks,
        long chunksFinished, long rows, long estimatedRows, OptionalDouble remainingSeconds, OptionalDouble lagSeconds, OptionalLong events,
        long checkpoints) {
    public ProgressSnapshot {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(phase, "phase is null");
        requireNonNull(remainingSeconds, "remainingSeconds is null");
        requireNonNull(lagSeconds, "lagSeconds is null");
        requireNonNull(events, "events is null");
    }

    /** Reads a {@code /status} document. */
    public static ProgressSnapshot of(JsonNode status) {
        JsonNode snapshot = status.path("snapshot");
        long tablesDone = 0;
        long chunks = 0;
        long chunksFinished = 0;
        long estimatedRows = 0;
        for (JsonNode table : snapshot.path("perTable")) {
            long tableChunks = table.path("chunks").asLong();
            chunks += tableChunks;
            chunksFinished += table.path("chunksFinished").asLong();
            estimatedRows += table.path("estimatedRows").asLong();
            if (table.path("streaming").asBoolean() || (tableChunks > 0 && table.path("chunksFinished").asLong() >= tableChunks)) {
                tablesDone++;
            }
        }
        long tables = Math.max(snapshot.path("tables").asLong(), snapshot.path("perTable").size());
        long unsplit = snapshot.path("tablesUnsplit").asLong();
        return new ProgressSnapshot(status.path("pipeline").asText(), status.path("phase").asText("unknown"), status.path("restarts").asLong(),
                tables, Math.min(tablesDone, Math.max(0, tables - unsplit)), unsplit, chunks, chunksFinished,
                snapshot.path("rows").asLong(), estimatedRows, optionalDouble(snapshot.path("remainingSeconds")),
                optionalDouble(status.path("source").path("lagSeconds")), optionalLong(status.path("source").path("events")),
                status.path("checkpoints").path("completed").asLong());
    }

    private static OptionalDouble optionalDouble(JsonNode value) {
        return value.isNumber() ? OptionalDouble.of(value.asDouble()) : OptionalDouble.empty();
    }

    private static OptionalLong optionalLong(JsonNode value) {
        return value.isNumber() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
    }
}
