package io.tributary.source.mysql;

import io.tributary.core.serialization.VersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoint encoding of {@link MySqlSnapshotMarker}. Version 1: a presence byte (0 or 1), then a
 * version-1 {@link BinlogPositionSerializer binlog position} when present.
 */
public final class MySqlSnapshotMarkerSerializer {
    public static final VersionedSerializer<MySqlSnapshotMarker> INSTANCE = new VersionedSerializer<>("a MySQL snapshot marker", MySqlSnapshotMarkerSerializer::writeVersion1,
            List.of(MySqlSnapshotMarkerSerializer::readVersion1));

    private MySqlSnapshotMarkerSerializer() {}

    private static byte[] writeVersion1(MySqlSnapshotMarker marker) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(marker.position().isPresent() ? 1 : 0);
            if (marker.position().isPresent()) {
                BinlogPositionSerializer.write(out, marker.position().get());
            }
        }
        return bytes.toByteArray();
    }

    private static MySqlSnapshotMarker readVersion1(byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int present = in.readByte();
            return switch (present) {
                case 0 -> new MySqlSnapshotMarker(Optional.empty());
                case 1 -> new MySqlSnapshotMarker(Optional.of(BinlogPositionSerializer.read(in)));
                default -> throw new IOException("Corrupt snapshot marker: presence byte " + present);
            };
        }
    }
}
