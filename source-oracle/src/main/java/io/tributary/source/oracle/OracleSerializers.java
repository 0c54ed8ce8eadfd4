package io.tributary.source.oracle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.serialization.VersionedSerializer;
import io.tributary.source.oracle.stream.EngineOffset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint encodings of the Oracle source's positions and markers.
 * {@link RedoPosition} version 2: resume SCN, commit SCN (int64 each), commit index (int32),
 * changes emitted (int64), then the log reader's offset as a JSON object (int32 length, UTF-8);
 * version 1 had no offset. {@link OracleSnapshotMarker} version 1: the SCN (int64).
 */
public final class OracleSerializers {
    public static final VersionedSerializer<RedoPosition> POSITION = new VersionedSerializer<>("an Oracle redo position",
            OracleSerializers::writePosition, List.of(OracleSerializers::readPositionV1, OracleSerializers::readPosition));
    public static final VersionedSerializer<OracleSnapshotMarker> MARKER = new VersionedSerializer<>("an Oracle snapshot marker",
            OracleSerializers::writeMarker, List.of(OracleSerializers::readMarker));

    private static final ObjectMapper JSON = new ObjectMapper();

    private OracleSerializers() {}

    private static byte[] writePosition(RedoPosition position) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(28);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(position.resumeScn());
            out.writeLong(position.commitScn());
            out.writeInt(position.commitIndex());
            out.writeLong(position.changesEmitted());
            byte[] offset = JSON.writeValueAsBytes(position.engineOffset().values());
            out.writeInt(offset.length);
            out.write(offset);
        }
        return bytes.toByteArray();
    }

    private static RedoPosition readPositionV1(byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return new RedoPosition(in.readLong(), in.readLong(), in.readInt(), in.readLong());
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt Oracle redo position: " + e.getMessage(), e);
        }
    }

    private static RedoPosition readPosition(byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            long resumeScn = in.readLong();
            long commitScn = in.readLong();
            int commitIndex = in.readInt();
            long changesEmitted = in.readLong();
            byte[] offset = new byte[in.readInt()];
            in.readFully(offset);
            Map<String, Object> values = JSON.readValue(offset, new TypeReference<Map<String, Object>>() {});
            return new RedoPosition(resumeScn, commitScn, commitIndex, changesEmitted, EngineOffset.of(values));
        } catch (IllegalArgumentException | NegativeArraySizeException e) {
            throw new IOException("Corrupt Oracle redo position: " + e.getMessage(), e);
        }
    }

    private static byte[] writeMarker(OracleSnapshotMarker marker) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(marker.scn());
        }
        return bytes.toByteArray();
    }

    private static OracleSnapshotMarker readMarker(byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return new OracleSnapshotMarker(in.readLong());
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt Oracle snapshot marker: " + e.getMessage(), e);
        }
    }
}
