package io.tributary.source.postgres;

import io.tributary.core.serialization.VersionedSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** Checkpoint encoding of {@link PostgresPosition}. Version 1: lsn (int64), changesEmitted (int64). */
public final class PostgresPositionSerializer {
    public static final VersionedSerializer<PostgresPosition> INSTANCE = new VersionedSerializer<>("a PostgreSQL stream position", PostgresPositionSerializer::writeVersion1,
            List.of(PostgresPositionSerializer::readVersion1));

    private PostgresPositionSerializer() {}

    private static byte[] writeVersion1(PostgresPosition position) {
        return ByteBuffer.allocate(16).putLong(position.lsn()).putLong(position.changesEmitted()).array();
    }

    private static PostgresPosition readVersion1(byte[] serialized) throws IOException {
        if (serialized.length != 16) {
            throw new IOException("A version 1 PostgreSQL position has 16 bytes, not " + serialized.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(serialized);
        return new PostgresPosition(buffer.getLong(), buffer.getLong());
    }
}
