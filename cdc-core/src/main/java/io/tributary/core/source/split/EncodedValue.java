package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A dialect value (log position or epoch marker) in its dialect's own versioned encoding, so that
 * splits and checkpoints need not know the dialect's types.
 */
public record EncodedValue(int version, byte[] bytes) implements Serializable {
    public EncodedValue {
        requireNonNull(bytes, "bytes is null");
    }

    public static <T> EncodedValue encode(SimpleVersionedSerializer<T> serializer, T value) {
        try {
            return new EncodedValue(serializer.getVersion(), serializer.serialize(value));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode " + value, e);
        }
    }

    public <T> T decode(SimpleVersionedSerializer<T> serializer) {
        try {
            return serializer.deserialize(version, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not decode a value of version " + version, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedValue that && version == that.version && Arrays.equals(bytes, that.bytes);
    }

    /**
     * FNV-1a over the bytes: {@link Arrays#hashCode(byte[])} gives nearby positions (a log offset
     * counting up) so few distinct hashes that a map of a million per-chunk markers degrades to
     * linear scans.
     */
    @Override
    public int hashCode() {
        int hash = 0x811C9DC5 ^ version;
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xFF)) * 0x01000193;
        }
        return hash;
    }

    @Override
    public String toString() {
        return "EncodedValue(v" + version + ", " + bytes.length + " bytes)";
    }
}
