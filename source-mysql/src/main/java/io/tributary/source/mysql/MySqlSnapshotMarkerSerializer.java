package io.tributary.source.mysql;

import io.tributary.core.error.TributaryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Checkpoint encoding of {@link MySqlSnapshotMarker}. Version 1: a presence byte (0 or 1), then a
 * version-1 {@link BinlogPositionSerializer binlog position} when present.
 */
public final class MySqlSnapshotMarkerSerializer implements SimpleVersionedSerializer<MySqlSnapshotMarker> {
    public static final MySqlSnapshotMarkerSerializer INSTANCE = new MySqlSnapshotMarkerSerializer();

    private static final int VERSION_1 = 1;
    private static final int CURRENT_VERSION = VERSION_1;

    private MySqlSnapshotMarkerSerializer() {}

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(MySqlSnapshotMarker marker) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(marker.position().isPresent() ? 1 : 0);
            if (marker.position().isPresent()) {
                BinlogPositionSerializer.write(out, marker.position().get());
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public MySqlSnapshotMarker deserialize(int version, byte[] serialized) throws IOException {
        switch (version) {
            case VERSION_1:
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                    int present = in.readByte();
                    return switch (present) {
                        case 0 -> new MySqlSnapshotMarker(Optional.empty());
                        case 1 -> new MySqlSnapshotMarker(Optional.of(BinlogPositionSerializer.readVersion1(in)));
                        default -> throw new IOException("Corrupt snapshot marker: presence byte " + present);
                    };
                }
            default:
                throw TributaryException.unknownStateVersion("a MySQL snapshot marker", version);
        }
    }
}
