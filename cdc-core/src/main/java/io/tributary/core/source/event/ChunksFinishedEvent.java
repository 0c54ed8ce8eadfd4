package io.tributary.core.source.event;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.SplitCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Reader → enumerator: these chunks (or chunk parts) have been emitted. Carried in the binary
 * split encoding, since key bounds are not Java-serializable.
 */
public final class ChunksFinishedEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;

    private final byte[] encodedChunks;

    public ChunksFinishedEvent(List<FinishedChunk> chunks) {
        requireNonNull(chunks, "chunks is null");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            SplitCodec.writeFinished(out, chunks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.encodedChunks = bytes.toByteArray();
    }

    public List<FinishedChunk> chunks() {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encodedChunks))) {
            return SplitCodec.readFinished(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ChunksFinishedEvent(" + encodedChunks.length + " bytes)";
    }
}
