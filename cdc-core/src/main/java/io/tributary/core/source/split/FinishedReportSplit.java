package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Not work to do but a reader's record of finished chunks the enumerator has not yet confirmed as
 * checkpointed. Kept in the reader's checkpoint so that a report lost in a crash is sent again.
 */
public record FinishedReportSplit(String splitId, List<FinishedChunk> chunks) implements CdcSplit {
    public FinishedReportSplit {
        requireNonNull(splitId, "splitId is null");
        chunks = List.copyOf(requireNonNull(chunks, "chunks is null"));
    }
}
