package io.tributary.core.source.split;

import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.serialization.ModelCodec;
import io.tributary.core.source.dialect.ChunkKey;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Versioned serializer of {@link CdcSplit}s (reader checkpoints and split assignment). */
public final class CdcSplitSerializer implements SimpleVersionedSerializer<CdcSplit> {
    public static final CdcSplitSerializer INSTANCE = new CdcSplitSerializer();

    private static final int VERSION_1 = 1;
    /** Chunk keys in snapshot and stream splits. */
    private static final int VERSION_2 = 2;
    /** The stream split's finished chunks folded into ranges. */
    private static final int VERSION_3 = 3;
    /** Column defaults in schemas. */
    private static final int VERSION_4 = 4;
    /** Tables the stream reads again. */
    private static final int VERSION_5 = 5;
    private static final int CURRENT_VERSION = VERSION_5;

    private static final byte SNAPSHOT = 1;
    private static final byte STREAM = 2;
    private static final byte REPORT = 3;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(CdcSplit split) throws IOException {
        // About 40 bytes per finished range: sized once rather than copied as it grows.
        int expectedRanges = split instanceof StreamSplit stream ? stream.finishedRanges().size() : 0;
        // Flink's unsynchronized buffer: a DataOutputStream over a ByteArrayOutputStream locks per byte.
        DataOutputSerializer out = new DataOutputSerializer(256 + 40 * Math.min(expectedRanges, 10_000_000));
        if (split instanceof SnapshotSplit snapshot) {
            out.writeByte(SNAPSHOT);
            SplitCodec.writeSnapshotSplit(out, snapshot);
        } else if (split instanceof StreamSplit stream) {
            out.writeByte(STREAM);
            SplitCodec.writeEncoded(out, stream.position());
            SplitCodec.writeTables(out, stream.schemas(), stream.chunkKeys());
            SplitCodec.writeRanges(out, stream.finishedRanges());
            out.writeInt(stream.readAgain().size());
            for (ReadAgain again : stream.readAgain()) {
                out.writeLong(again.requestId());
                SplitCodec.writeSnapshotSplit(out, again.table());
                out.writeLong(again.estimatedRows());
                out.writeBoolean(again.condition().isPresent());
                if (again.condition().isPresent()) {
                    ModelCodec.writeString(out, again.condition().get());
                }
                ModelCodec.writeRow(out, again.lastKey().orElse(null));
            }
        } else if (split instanceof FinishedReportSplit report) {
            out.writeByte(REPORT);
            ModelCodec.writeString(out, report.splitId());
            SplitCodec.writeFinished(out, report.chunks());
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public CdcSplit deserialize(int version, byte[] serialized) throws IOException {
        return switch (version) {
            case VERSION_1 -> deserialize(serialized, SplitCodec.LAYOUT_1);
            case VERSION_2 -> deserialize(serialized, SplitCodec.LAYOUT_2);
            case VERSION_3 -> deserialize(serialized, SplitCodec.LAYOUT_3);
            case VERSION_4 -> deserialize(serialized, SplitCodec.LAYOUT_4);
            case VERSION_5 -> deserialize(serialized, SplitCodec.LAYOUT_5);
            default -> throw TributaryException.unknownStateVersion("a source split", version);
        };
    }

    private static CdcSplit deserialize(byte[] serialized, int layout) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            byte kind = in.readByte();
            return switch (kind) {
                case SNAPSHOT -> SplitCodec.readSnapshotSplit(in, layout);
                case STREAM -> {
                    EncodedValue position = SplitCodec.readEncoded(in);
                    Map<TableId, TableSchema> schemas = new LinkedHashMap<>();
                    Map<TableId, ChunkKey> chunkKeys = new LinkedHashMap<>();
                    SplitCodec.readTables(in, layout, schemas, chunkKeys);
                    List<FinishedRange> ranges = SplitCodec.readFinishedRanges(in, layout);
                    List<ReadAgain> readAgain = new ArrayList<>();
                    if (layout >= SplitCodec.LAYOUT_5) {
                        for (int i = in.readInt(); i > 0; i--) {
                            long requestId = in.readLong();
                            SnapshotSplit table = SplitCodec.readSnapshotSplit(in, layout);
                            long estimatedRows = in.readLong();
                            Optional<String> condition = in.readBoolean() ? Optional.of(ModelCodec.readString(in)) : Optional.empty();
                            readAgain.add(new ReadAgain(requestId, table, estimatedRows, condition, Optional.ofNullable(ModelCodec.readRow(in))));
                        }
                    }
                    yield new StreamSplit(position, schemas, chunkKeys, ranges, readAgain);
                }
                case REPORT -> {
                    String id = ModelCodec.readString(in);
                    yield new FinishedReportSplit(id, SplitCodec.readFinished(in));
                }
                default -> throw new IOException("Unknown split kind " + kind);
            };
        }
    }
}
