package io.tributary.source.postgres;

import io.tributary.core.serialization.VersionedSerializer;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Checkpoint encoding of {@link PostgresSnapshotMarker}. Version 1: xmin (int64), xmax (int64),
 * count (int32), then count running transaction ids (int64 each).
 */
public final class PostgresSnapshotMarkerSerializer {
    public static final VersionedSerializer<PostgresSnapshotMarker> INSTANCE = new VersionedSerializer<>("a PostgreSQL snapshot marker", PostgresSnapshotMarkerSerializer::writeVersion1,
            List.of(PostgresSnapshotMarkerSerializer::readVersion1));

    private PostgresSnapshotMarkerSerializer() {}

    private static byte[] writeVersion1(PostgresSnapshotMarker marker) {
        long[] xip = marker.xip();
        ByteBuffer buffer = ByteBuffer.allocate(20 + 8 * xip.length).putLong(marker.xmin()).putLong(marker.xmax()).putInt(xip.length);
        for (long xid : xip) {
            buffer.putLong(xid);
        }
        return buffer.array();
    }

    private static PostgresSnapshotMarker readVersion1(byte[] serialized) throws IOException {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(serialized);
            long xmin = buffer.getLong();
            long xmax = buffer.getLong();
            long[] xip = new long[buffer.getInt()];
            for (int i = 0; i < xip.length; i++) {
                xip[i] = buffer.getLong();
            }
            if (buffer.hasRemaining()) {
                throw new IOException("Trailing bytes after a version 1 snapshot marker");
            }
            return new PostgresSnapshotMarker(xmin, xmax, xip);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IOException("Truncated version 1 snapshot marker", e);
        }
    }
}
