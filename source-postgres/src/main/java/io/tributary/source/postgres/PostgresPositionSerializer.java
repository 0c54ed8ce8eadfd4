package io.tributary.source.postgres;

import io.tributary.core.error.TributaryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Checkpoint encoding of {@link PostgresPosition}. Version 1: lsn (int64), changesEmitted (int64). */
public final class PostgresPositionSerializer implements SimpleVersionedSerializer<PostgresPosition> {
    public static final PostgresPositionSerializer INSTANCE = new PostgresPositionSerializer();

    private static final int VERSION_1 = 1;
    private static final int CURRENT_VERSION = VERSION_1;

    private PostgresPositionSerializer() {}

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(PostgresPosition position) {
        return ByteBuffer.allocate(16).putLong(position.lsn()).putLong(position.changesEmitted()).array();
    }

    @Override
    public PostgresPosition deserialize(int version, byte[] serialized) throws IOException {
        switch (version) {
            case VERSION_1:
                if (serialized.length != 16) {
                    throw new IOException("A version 1 PostgreSQL position has 16 bytes, not " + serialized.length);
                }
                ByteBuffer buffer = ByteBuffer.wrap(serialized);
                return new PostgresPosition(buffer.getLong(), buffer.getLong());
            default:
                throw TributaryException.unknownStateVersion("a PostgreSQL stream position", version);
        }
    }
}
