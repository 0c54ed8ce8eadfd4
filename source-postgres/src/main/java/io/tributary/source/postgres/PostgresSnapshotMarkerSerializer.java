package io.tributary.source.postgres;

import io.tributary.core.error.TributaryException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Checkpoint encoding of {@link PostgresSnapshotMarker}. Version 1: xmin (int64), xmax (int64),
 * count (int32), then count running transaction ids (int64 each).
 */
public final class PostgresSnapshotMarkerSerializer implements SimpleVersionedSerializer<PostgresSnapshotMarker> {
    public static final PostgresSnapshotMarkerSerializer INSTANCE = new PostgresSnapshotMarkerSerializer();

    private static final int VERSION_1 = 1;
    private static final int CURRENT_VERSION = VERSION_1;

    private PostgresSnapshotMarkerSerializer() {}

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(PostgresSnapshotMarker marker) {
        long[] xip = marker.xip();
        ByteBuffer buffer = ByteBuffer.allocate(20 + 8 * xip.length).putLong(marker.xmin()).putLong(marker.xmax()).putInt(xip.length);
        for (long xid : xip) {
            buffer.putLong(xid);
        }
        return buffer.array();
    }

    @Override
    public PostgresSnapshotMarker deserialize(int version, byte[] serialized) throws IOException {
        switch (version) {
            case VERSION_1:
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
            default:
                throw TributaryException.unknownStateVersion("a PostgreSQL snapshot marker", version);
        }
    }
}
