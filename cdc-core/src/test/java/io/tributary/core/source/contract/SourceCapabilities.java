package io.tributary.core.source.contract;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.StartupMode;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a source under the contract can do. A source turns off what it lacks, and the scenarios
 * that need it are reported as skipped with the reason; everything else must pass.
 */
public final class SourceCapabilities {
    private final boolean compositeKeys;
    private final boolean schemaChanges;
    private final boolean exactHandoff;
    private final Set<StartupMode> startupModes;
    private final boolean keylessTablesByChunkKeyColumn;
    private final boolean streamsDuringSnapshot;

    private SourceCapabilities(boolean compositeKeys, boolean schemaChanges, boolean exactHandoff, Set<StartupMode> startupModes,
            boolean keylessTablesByChunkKeyColumn, boolean streamsDuringSnapshot) {
        this.keylessTablesByChunkKeyColumn = keylessTablesByChunkKeyColumn;
        this.streamsDuringSnapshot = streamsDuringSnapshot;
        this.compositeKeys = compositeKeys;
        this.schemaChanges = schemaChanges;
        this.exactHandoff = exactHandoff;
        this.startupModes = Set.copyOf(requireNonNull(startupModes, "startupModes is null"));
        if (!this.startupModes.contains(StartupMode.INITIAL)) {
            throw new IllegalArgumentException("every source snapshots and then streams (initial)");
        }
    }

    /** Everything on, with the given startup modes ({@code initial} must be one). */
    public static SourceCapabilities withStartupModes(StartupMode first, StartupMode... more) {
        return new SourceCapabilities(true, true, true, EnumSet.of(first, more), true, true);
    }

    /** The source cannot capture tables whose key has more than one column. */
    public SourceCapabilities withoutCompositeKeys() {
        return new SourceCapabilities(false, schemaChanges, exactHandoff, startupModes, keylessTablesByChunkKeyColumn, streamsDuringSnapshot);
    }

    /** The source does not carry a column added while streaming to the sink. */
    public SourceCapabilities withoutSchemaChanges() {
        return new SourceCapabilities(compositeKeys, false, exactHandoff, startupModes, keylessTablesByChunkKeyColumn, streamsDuringSnapshot);
    }

    /**
     * At the snapshot-to-stream handoff the source may emit a change the snapshot already holds
     * (the target converges, but a log consumer sees the change again): the per-key version order
     * is then not checked, only that the target ends equal to the source.
     */
    public SourceCapabilities withoutExactHandoff() {
        return new SourceCapabilities(compositeKeys, schemaChanges, false, startupModes, keylessTablesByChunkKeyColumn, streamsDuringSnapshot);
    }

    /**
     * Tables without primary key cannot be chunked by a unique column
     * ({@code scan.incremental.snapshot.chunk.key-column}), e.g. where every record has a key.
     */
    public SourceCapabilities withoutChunkKeyColumnForKeylessTables() {
        return new SourceCapabilities(compositeKeys, schemaChanges, exactHandoff, startupModes, false, streamsDuringSnapshot);
    }

    /** The source keeps the stream until the snapshot is read, whatever the sink ({@code SourceDialect#readsChunksBesideTheStream}). */
    public SourceCapabilities withoutStreamingDuringSnapshot() {
        return new SourceCapabilities(compositeKeys, schemaChanges, exactHandoff, startupModes, keylessTablesByChunkKeyColumn, false);
    }

    public boolean streamsDuringSnapshot() {
        return streamsDuringSnapshot;
    }

    public boolean supportsKeylessTablesByChunkKeyColumn() {
        return keylessTablesByChunkKeyColumn;
    }

    public boolean supportsCompositeKeys() {
        return compositeKeys;
    }

    public boolean supportsSchemaChanges() {
        return schemaChanges;
    }

    public boolean hasExactHandoff() {
        return exactHandoff;
    }

    public boolean supports(StartupMode mode) {
        return startupModes.contains(mode);
    }
}
