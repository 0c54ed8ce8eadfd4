package io.tributary.core.source.reader;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.StreamSplit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The stream's progress: the position after the last emitted record and the current schemas. */
final class StreamSplitState<P> implements CdcSplitState {
    private final StreamSplit split;
    private final SimpleVersionedSerializer<P> positionSerializer;
    private final Map<TableId, TableSchema> schemas;
    private P position;

    StreamSplitState(StreamSplit split, SimpleVersionedSerializer<P> positionSerializer) {
        this.split = requireNonNull(split, "split is null");
        this.positionSerializer = requireNonNull(positionSerializer, "positionSerializer is null");
        this.schemas = new LinkedHashMap<>(split.schemas());
        this.position = split.position().decode(positionSerializer);
    }

    StreamSplit split() {
        return split;
    }

    Map<TableId, TableSchema> schemas() {
        return schemas;
    }

    P position() {
        return position;
    }

    void advance(P newPosition) {
        this.position = newPosition;
    }

    void schemaChanged(SchemaChangeEvent event) {
        if (event.change() instanceof io.tributary.core.model.SchemaChange.DropTable) {
            schemas.remove(event.tableId());
        } else {
            schemas.put(event.tableId(), event.schemaAfter());
        }
    }

    @Override
    public StreamSplit toSplit() {
        return new StreamSplit(EncodedValue.encode(positionSerializer, position), schemas, split.chunkKeys(), split.finishedChunks());
    }
}
