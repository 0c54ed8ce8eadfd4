package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.SnapshotSplit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The enumerator's checkpoint.
 *
 * @param discovered whether tables were discovered (false only before the first discovery)
 * @param tables the captured tables with the schemas the snapshot reads
 * @param streamStart where the change stream starts, once prepared
 * @param tablesToSplit tables whose splitting has not started, in order
 * @param cursor the table being split and how far
 * @param pendingSplits chunks made but not assigned
 * @param assignedSplits ids of chunks assigned and not yet reported finished
 * @param finished every finished chunk part
 * @param lastEpochId the id of the newest snapshot epoch opened (ids grow across restarts)
 * @param streamAssigned whether the stream split was handed to a reader
 */
public record EnumeratorState(
        boolean discovered,
        List<CapturedTable> tables,
        Optional<EncodedValue> streamStart,
        List<io.tributary.core.model.TableId> tablesToSplit,
        Optional<SplittingCursor> cursor,
        List<SnapshotSplit> pendingSplits,
        Set<String> assignedSplits,
        List<FinishedChunk> finished,
        int lastEpochId,
        boolean streamAssigned) {

    public EnumeratorState {
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
        requireNonNull(streamStart, "streamStart is null");
        tablesToSplit = List.copyOf(requireNonNull(tablesToSplit, "tablesToSplit is null"));
        requireNonNull(cursor, "cursor is null");
        pendingSplits = List.copyOf(requireNonNull(pendingSplits, "pendingSplits is null"));
        assignedSplits = Set.copyOf(requireNonNull(assignedSplits, "assignedSplits is null"));
        finished = List.copyOf(requireNonNull(finished, "finished is null"));
    }

    public static EnumeratorState initial() {
        return new EnumeratorState(false, List.of(), Optional.empty(), List.of(), Optional.empty(), List.of(), Set.of(), List.of(), 0, false);
    }
}
