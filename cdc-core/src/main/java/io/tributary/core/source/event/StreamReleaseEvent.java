package io.tributary.core.source.event;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.source.split.CdcSplitSerializer;
import io.tributary.core.source.split.StreamSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Enumerator → the reader of a restored stream: read on, with the tables that joined the pipeline
 * since (their schemas, chunk keys and finished snapshot ranges, all durable by now) and without
 * the tables it no longer captures. The joining tables travel as a stream split in the binary
 * split encoding, since key bounds are not Java-serializable.
 */
public final class StreamReleaseEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;

    private final int version;
    private final byte[] encodedJoined;
    private final Set<TableId> left;

    /**
     * @param joined the joining tables as a stream split holds them (its position is not used)
     * @param left the tables no longer captured
     */
    public StreamReleaseEvent(StreamSplit joined, Set<TableId> left) {
        requireNonNull(joined, "joined is null");
        this.left = Set.copyOf(requireNonNull(left, "left is null"));
        try {
            this.version = CdcSplitSerializer.INSTANCE.getVersion();
            this.encodedJoined = CdcSplitSerializer.INSTANCE.serialize(joined);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public StreamSplit joined() {
        try {
            return (StreamSplit) CdcSplitSerializer.INSTANCE.deserialize(version, encodedJoined);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Set<TableId> left() {
        return left;
    }

    /** {@code split} with the joined tables added and the left ones removed; its position unchanged. */
    public StreamSplit applyTo(StreamSplit split) {
        return split.withTables(joined(), left);
    }

    @Override
    public String toString() {
        return "StreamReleaseEvent(" + encodedJoined.length + " bytes joining, left " + left + ")";
    }
}
