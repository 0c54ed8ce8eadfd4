package io.tributary.core.source.enumerator;

import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.serialization.ModelCodec;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.source.split.SplitCodec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Versioned serializer of {@link EnumeratorState}. */
public final class EnumeratorStateSerializer implements SimpleVersionedSerializer<EnumeratorState> {
    public static final EnumeratorStateSerializer INSTANCE = new EnumeratorStateSerializer();

    private static final int VERSION_1 = 1;
    /** Chunk keys of captured tables and pending splits. */
    private static final int VERSION_2 = 2;
    /** Finished chunks folded into ranges. */
    private static final int VERSION_3 = 3;
    /** Column defaults in schemas. */
    private static final int VERSION_4 = 4;
    /** The options that selected the captured tables. */
    private static final int VERSION_5 = 5;
    /** The number of the last re-snapshot request handed to the stream's reader. */
    private static final int VERSION_6 = 6;
    private static final int CURRENT_VERSION = VERSION_6;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(EnumeratorState state) throws IOException {
        // About 40 bytes per finished range: sized once rather than copied as it grows.
        // Flink's unsynchronized buffer: a DataOutputStream over a ByteArrayOutputStream locks per byte.
        DataOutputSerializer out = new DataOutputSerializer(1024 + 40 * Math.min(state.finished().size(), 10_000_000));
        out.writeBoolean(state.discovered());
        out.writeInt(state.tables().size());
        for (CapturedTable table : state.tables()) {
            ModelCodec.writeTableId(out, table.tableId());
            ModelCodec.writeSchema(out, table.schema());
            SplitCodec.writeChunkKey(out, table.chunkKey());
            out.writeLong(table.estimatedRows());
        }
        out.writeBoolean(state.streamStart().isPresent());
        if (state.streamStart().isPresent()) {
            SplitCodec.writeEncoded(out, state.streamStart().get());
        }
        out.writeInt(state.tablesToSplit().size());
        for (TableId id : state.tablesToSplit()) {
            ModelCodec.writeTableId(out, id);
        }
        out.writeBoolean(state.cursor().isPresent());
        if (state.cursor().isPresent()) {
            SplittingCursor cursor = state.cursor().get();
            ModelCodec.writeTableId(out, cursor.tableId());
            ModelCodec.writeRow(out, cursor.lastUpperBound().orElse(null));
            out.writeInt(cursor.nextChunkIndex());
        }
        out.writeInt(state.pendingSplits().size());
        for (SnapshotSplit split : state.pendingSplits()) {
            SplitCodec.writeSnapshotSplit(out, split);
        }
        out.writeInt(state.assignedSplits().size());
        for (String id : state.assignedSplits()) {
            ModelCodec.writeString(out, id);
        }
        SplitCodec.writeRanges(out, state.finished());
        out.writeInt(state.lastEpochId());
        out.writeBoolean(state.streamAssigned());
        out.writeBoolean(state.tableSelection().isPresent());
        if (state.tableSelection().isPresent()) {
            ModelCodec.writeString(out, state.tableSelection().get());
        }
        out.writeLong(state.resnapshotId());
        return out.getCopyOfBuffer();
    }

    @Override
    public EnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        return switch (version) {
            case VERSION_1 -> deserialize(serialized, SplitCodec.LAYOUT_1, false, false);
            case VERSION_2 -> deserialize(serialized, SplitCodec.LAYOUT_2, false, false);
            case VERSION_3 -> deserialize(serialized, SplitCodec.LAYOUT_3, false, false);
            case VERSION_4 -> deserialize(serialized, SplitCodec.LAYOUT_4, false, false);
            case VERSION_5 -> deserialize(serialized, SplitCodec.LAYOUT_4, true, false);
            case VERSION_6 -> deserialize(serialized, SplitCodec.LAYOUT_4, true, true);
            default -> throw TributaryException.unknownStateVersion("the source enumerator's state", version);
        };
    }

    private static EnumeratorState deserialize(byte[] serialized, int layout, boolean withTableSelection, boolean withResnapshotId)
            throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            EnumeratorState.Builder state = EnumeratorState.builder().discovered(in.readBoolean());
            int tableCount = in.readInt();
            List<CapturedTable> tables = new ArrayList<>(tableCount);
            for (int i = 0; i < tableCount; i++) {
                TableId id = ModelCodec.readTableId(in);
                var schema = SplitCodec.readSchema(in, layout);
                ChunkKey chunkKey = SplitCodec.readChunkKey(in, layout, schema);
                tables.add(new CapturedTable(id, schema, chunkKey, in.readLong()));
            }
            state.tables(tables);
            state.streamStart(in.readBoolean() ? Optional.of(SplitCodec.readEncoded(in)) : Optional.empty());
            int toSplitCount = in.readInt();
            List<TableId> toSplit = new ArrayList<>(toSplitCount);
            for (int i = 0; i < toSplitCount; i++) {
                toSplit.add(ModelCodec.readTableId(in));
            }
            state.tablesToSplit(toSplit);
            if (in.readBoolean()) {
                TableId id = ModelCodec.readTableId(in);
                Optional<Object[]> bound = Optional.ofNullable(ModelCodec.readRow(in));
                state.cursor(Optional.of(new SplittingCursor(id, bound, in.readInt())));
            }
            int pendingCount = in.readInt();
            List<SnapshotSplit> pending = new ArrayList<>(pendingCount);
            for (int i = 0; i < pendingCount; i++) {
                pending.add(SplitCodec.readSnapshotSplit(in, layout));
            }
            state.pendingSplits(pending);
            int assignedCount = in.readInt();
            Set<String> assigned = new HashSet<>();
            for (int i = 0; i < assignedCount; i++) {
                assigned.add(ModelCodec.readString(in));
            }
            state.assignedSplits(assigned);
            state.finished(SplitCodec.readFinishedRanges(in, layout));
            state.lastEpochId(in.readInt());
            state.streamAssigned(in.readBoolean());
            if (withTableSelection && in.readBoolean()) {
                state.tableSelection(Optional.of(ModelCodec.readString(in)));
            }
            if (withResnapshotId) {
                state.resnapshotId(in.readLong());
            }
            return state.build();
        }
    }
}
