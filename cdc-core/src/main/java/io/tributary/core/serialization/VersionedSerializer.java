package io.tributary.core.serialization;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.TributaryException;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A {@link SimpleVersionedSerializer} made of a writer of the newest version and a reader for
 * every version it has written; a version it does not know was written by a newer release and
 * fails with {@link TributaryException#unknownStateVersion}. Serializable, so that the objects
 * shipped with a job (a source's dialect) can hold one.
 *
 * @param <T> the type it serializes
 */
public final class VersionedSerializer<T> implements SimpleVersionedSerializer<T>, Serializable {
    private static final long serialVersionUID = 1L;

    /** Writes a value in the newest version. */
    @FunctionalInterface
    public interface Writer<T> extends Serializable {
        byte[] write(T value) throws IOException;
    }

    /** Reads the bytes of one version. */
    @FunctionalInterface
    public interface Reader<T> extends Serializable {
        T read(byte[] serialized) throws IOException;
    }

    private final String what;
    private final Writer<T> writer;
    private final List<Reader<T>> readers;

    /**
     * @param what what the bytes hold, for the error on an unknown version (e.g. "a binlog position")
     * @param writer writes the newest version
     * @param readers the reader of version 1, then of version 2 and so on; the last reads what {@code writer} writes
     */
    public VersionedSerializer(String what, Writer<T> writer, List<Reader<T>> readers) {
        this.what = requireNonNull(what, "what is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.readers = List.copyOf(requireNonNull(readers, "readers is null"));
        if (this.readers.isEmpty()) {
            throw new IllegalArgumentException("a serializer reads at least version 1");
        }
    }

    /** The version {@link #serialize} writes: the newest. */
    @Override
    public int getVersion() {
        return readers.size();
    }

    @Override
    public byte[] serialize(T value) throws IOException {
        return writer.write(value);
    }

    @Override
    public T deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > readers.size()) {
            throw TributaryException.unknownStateVersion(what, version);
        }
        return readers.get(version - 1).read(serialized);
    }
}
