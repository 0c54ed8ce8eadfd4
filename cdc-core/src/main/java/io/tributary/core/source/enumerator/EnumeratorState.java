package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.model.TableId;
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
 * @param finished the finished part of the snapshot, folded into key ranges
 * @param lastEpochId the id of the newest snapshot epoch opened (ids grow across restarts)
 * @param streamAssigned whether the stream split was handed to a reader
 * @param tableSelection the source options that selected the captured tables (see
 *     {@link io.tributary.core.source.dialect.SourceDialect#tableSelection()}); empty in a state
 *     written before it was kept
 * @param resnapshotId the number of the last {@linkplain io.tributary.core.source.ResnapshotRequest
 *     re-snapshot request} handed to the stream's reader; 0 when none was
 */
public record EnumeratorState(
        boolean discovered,
        List<CapturedTable> tables,
        Optional<EncodedValue> streamStart,
        List<TableId> tablesToSplit,
        Optional<SplittingCursor> cursor,
        List<SnapshotSplit> pendingSplits,
        Set<String> assignedSplits,
        List<FinishedRange> finished,
        int lastEpochId,
        boolean streamAssigned,
        Optional<String> tableSelection,
        long resnapshotId) {

    public EnumeratorState {
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
        requireNonNull(streamStart, "streamStart is null");
        tablesToSplit = List.copyOf(requireNonNull(tablesToSplit, "tablesToSplit is null"));
        requireNonNull(cursor, "cursor is null");
        pendingSplits = List.copyOf(requireNonNull(pendingSplits, "pendingSplits is null"));
        assignedSplits = Set.copyOf(requireNonNull(assignedSplits, "assignedSplits is null"));
        finished = List.copyOf(requireNonNull(finished, "finished is null"));
        requireNonNull(tableSelection, "tableSelection is null");
    }

    /** The state of a source that has not discovered anything yet. */
    public static EnumeratorState initial() {
        return builder().build();
    }

    /** A builder starting from the {@linkplain #initial() initial} state. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the components by name, so that callers never line up eleven positional arguments. */
    public static final class Builder {
        private boolean discovered;
        private List<CapturedTable> tables = List.of();
        private Optional<EncodedValue> streamStart = Optional.empty();
        private List<TableId> tablesToSplit = List.of();
        private Optional<SplittingCursor> cursor = Optional.empty();
        private List<SnapshotSplit> pendingSplits = List.of();
        private Set<String> assignedSplits = Set.of();
        private List<FinishedRange> finished = List.of();
        private int lastEpochId;
        private boolean streamAssigned;
        private Optional<String> tableSelection = Optional.empty();
        private long resnapshotId;

        private Builder() {}

        public Builder discovered(boolean discovered) {
            this.discovered = discovered;
            return this;
        }

        public Builder tables(List<CapturedTable> tables) {
            this.tables = requireNonNull(tables, "tables is null");
            return this;
        }

        public Builder streamStart(Optional<EncodedValue> streamStart) {
            this.streamStart = requireNonNull(streamStart, "streamStart is null");
            return this;
        }

        public Builder tablesToSplit(List<TableId> tablesToSplit) {
            this.tablesToSplit = requireNonNull(tablesToSplit, "tablesToSplit is null");
            return this;
        }

        public Builder cursor(Optional<SplittingCursor> cursor) {
            this.cursor = requireNonNull(cursor, "cursor is null");
            return this;
        }

        public Builder pendingSplits(List<SnapshotSplit> pendingSplits) {
            this.pendingSplits = requireNonNull(pendingSplits, "pendingSplits is null");
            return this;
        }

        public Builder assignedSplits(Set<String> assignedSplits) {
            this.assignedSplits = requireNonNull(assignedSplits, "assignedSplits is null");
            return this;
        }

        public Builder finished(List<FinishedRange> finished) {
            this.finished = requireNonNull(finished, "finished is null");
            return this;
        }

        public Builder lastEpochId(int lastEpochId) {
            this.lastEpochId = lastEpochId;
            return this;
        }

        public Builder streamAssigned(boolean streamAssigned) {
            this.streamAssigned = streamAssigned;
            return this;
        }

        public Builder tableSelection(Optional<String> tableSelection) {
            this.tableSelection = requireNonNull(tableSelection, "tableSelection is null");
            return this;
        }

        public Builder resnapshotId(long resnapshotId) {
            this.resnapshotId = resnapshotId;
            return this;
        }

        public EnumeratorState build() {
            return new EnumeratorState(discovered, tables, streamStart, tablesToSplit, cursor, pendingSplits, assignedSplits, finished, lastEpochId,
                    streamAssigned, tableSelection, resnapshotId);
        }
    }
}
