package io.tributary.core.source.split;

import io.tributary.core.serialization.ModelCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned serializer of {@link CdcSplit}s (reader checkpoints and split assignment). */
public final class CdcSplitSerializer implements SimpleVersionedSerializer<CdcSplit> {
    public static final CdcSplitSerializer INSTANCE = new CdcSplitSerializer();

    private static final int VERSION_1 = 1;
    private static final int CURRENT_VERSION = VERSION_1;

    private static final byte SNAPSHOT = 1;
    private static final byte STREAM = 2;
    private static final byte REPORT = 3;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(CdcSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (split instanceof SnapshotSplit snapshot) {
                out.writeByte(SNAPSHOT);
                SplitCodec.writeSnapshotSplit(out, snapshot);
            } else if (split instanceof StreamSplit stream) {
                out.writeByte(STREAM);
                SplitCodec.writeEncoded(out, stream.position());
                SplitCodec.writeSchemas(out, stream.schemas());
                SplitCodec.writeFinished(out, stream.finishedChunks());
            } else if (split instanceof FinishedReportSplit report) {
                out.writeByte(REPORT);
                ModelCodec.writeString(out, report.splitId());
                SplitCodec.writeFinished(out, report.chunks());
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public CdcSplit deserialize(int version, byte[] serialized) throws IOException {
        switch (version) {
            case VERSION_1:
                return deserializeV1(serialized);
            default:
                throw new IOException("Unknown split serializer version " + version + "; the checkpoint was written by a newer Tributary");
        }
    }

    private static CdcSplit deserializeV1(byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            byte kind = in.readByte();
            return switch (kind) {
                case SNAPSHOT -> SplitCodec.readSnapshotSplit(in);
                case STREAM -> {
                    EncodedValue position = SplitCodec.readEncoded(in);
                    var schemas = SplitCodec.readSchemas(in);
                    yield new StreamSplit(position, schemas, SplitCodec.readFinished(in));
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
