package io.tributary.source.mongodb;

import io.tributary.core.serialization.VersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoint encoding of {@link ChangeStreamPosition}, both as the stream's position and as a
 * chunk's snapshot marker. Version 1: the cluster time (8 bytes), the event index (4 bytes), a
 * presence byte (0 or 1) and, when present, the resume token's {@code _data} (modified UTF-8).
 */
public final class ChangeStreamPositionSerializer {
    public static final VersionedSerializer<ChangeStreamPosition> INSTANCE = new VersionedSerializer<>("a MongoDB change-stream position",
            ChangeStreamPositionSerializer::writeVersion1, List.of(ChangeStreamPositionSerializer::readVersion1));

    private ChangeStreamPositionSerializer() {}

    private static byte[] writeVersion1(ChangeStreamPosition position) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(position.clusterTime().getValue());
            out.writeInt(position.eventIndex());
            Optional<String> token = position.resumeTokenData();
            out.writeByte(token.isPresent() ? 1 : 0);
            if (token.isPresent()) {
                out.writeUTF(token.get());
            }
        }
        return bytes.toByteArray();
    }

    private static ChangeStreamPosition readVersion1(byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            long time = in.readLong();
            int index = in.readInt();
            int present = in.readByte();
            Optional<String> token = switch (present) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(in.readUTF());
                default -> throw new IOException("Corrupt change-stream position: presence byte " + present);
            };
            return new ChangeStreamPosition(time, index, token);
        }
    }
}
