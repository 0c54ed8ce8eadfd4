package io.tributary.source.mongodb.snapshot;

import static java.util.Objects.requireNonNull;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.source.mongodb.BsonValues;
import io.tributary.source.mongodb.ChangeStreamPosition;
import io.tributary.source.mongodb.IdKind;
import io.tributary.source.mongodb.MongoConnections;
import java.util.Optional;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.RawBsonDocument;

/**
 * Reads chunks with plain sorted {@code find}s, no locks. Each chunk's marker is the cluster time
 * taken just before its query: every change up to it is in the documents read, so the stream
 * skips those for the chunk's ids; a change after it may be in them too, and is streamed again
 * (with updateLookup's whole documents the target converges).
 */
public final class MongoChunkReader implements ChunkReader<ChangeStreamPosition> {
    private final MongoConnections connections;
    private final int batchSize;
    private final Function<MongoClient, ChangeStreamPosition> clock;
    private MongoClient client;

    public MongoChunkReader(MongoConnections connections, int batchSize, Function<MongoClient, ChangeStreamPosition> clock) {
        this.connections = requireNonNull(connections, "connections is null");
        this.batchSize = batchSize;
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public RowCursor<ChangeStreamPosition> open(SnapshotSplit chunk, SnapshotView<ChangeStreamPosition> view) {
        if (client == null) {
            client = connections.open();
        }
        IdKind kind = IdKind.ofColumn(chunk.schema().columns().get(0).type());
        ChangeStreamPosition marker = clock.apply(client);
        MongoCursor<RawBsonDocument> cursor = client.getDatabase(chunk.tableId().database().orElseThrow())
                .getCollection(chunk.tableId().table(), RawBsonDocument.class)
                .find(IdRangeFilter.of(chunk.range(), kind)).sort(new BsonDocument("_id", new BsonInt32(1))).batchSize(batchSize).cursor();
        return new RowCursor<>() {
            private Object[] row;

            @Override
            public boolean next() {
                if (!cursor.hasNext()) {
                    return false;
                }
                RawBsonDocument document = cursor.next();
                row = new Object[] {kind.toColumn(document.get("_id"), chunk.tableId()), BsonValues.document(document)};
                return true;
            }

            @Override
            public Object[] row() {
                return row;
            }

            @Override
            public Optional<ChangeStreamPosition> marker() {
                return Optional.of(marker);
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
