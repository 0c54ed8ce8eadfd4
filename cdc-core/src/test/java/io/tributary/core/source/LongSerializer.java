package io.tributary.core.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** A log position or marker that is a plain number, as test and benchmark dialects use, in eight bytes. */
public final class LongSerializer implements SimpleVersionedSerializer<Long> {
    public static final LongSerializer INSTANCE = new LongSerializer();

    private LongSerializer() {}

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(Long value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(value);
        }
        return bytes.toByteArray();
    }

    @Override
    public Long deserialize(int version, byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return in.readLong();
        }
    }
}
