package io.tributary.source.mongodb.snapshot;

import static java.util.Objects.requireNonNull;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.source.mongodb.DocumentRows;
import io.tributary.source.mongodb.ChangeStreamPosition;
import io.tributary.source.mongodb.IdKind;
import io.tributary.source.mongodb.MongoConnections;
import com.mongodb.client.MongoCollection;
import io.tributary.source.mongodb.BsonOrder;
import java.util.Iterator;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.BsonValue;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/**
 * Reads chunks with plain range {@code find}s (ordered by id in memory), no locks, between two readings of the cluster
 * time; when the pipeline streams, the changes made meanwhile to the chunk's ids are folded into
 * the documents read ({@link ChunkBackfill}), so the chunk holds exactly the changes up to the
 * second reading, its marker, and the stream emits only those after it. A chunk is held in memory
 * while folding: its size is bounded by {@code scan.incremental.snapshot.chunk.size.mb}.
 */
public final class MongoChunkReader implements ChunkReader<ChangeStreamPosition> {
    private final MongoConnections connections;
    private final int batchSize;
    private final boolean streams;
    private final Function<MongoClient, ChangeStreamPosition> clock;
    private final DocumentRows rows;
    private MongoClient client;

    public MongoChunkReader(MongoConnections connections, int batchSize, boolean streams, DocumentRows rows,
            Function<MongoClient, ChangeStreamPosition> clock) {
        this.connections = requireNonNull(connections, "connections is null");
        this.rows = requireNonNull(rows, "rows is null");
        this.streams = streams;
        this.batchSize = batchSize;
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public RowCursor<ChangeStreamPosition> open(SnapshotSplit chunk, SnapshotView<ChangeStreamPosition> view) {
        if (client == null) {
            client = connections.open();
        }
        IdKind kind = IdKind.ofColumn(chunk.schema().columns().get(0).type());
        MongoCollection<BsonDocument> collection = client.getDatabase(chunk.tableId().database().orElseThrow())
                .getCollection(chunk.tableId().table(), BsonDocument.class);
        ChangeStreamPosition low = clock.apply(client);
        NavigableMap<BsonValue, BsonDocument> documents = new TreeMap<>(BsonOrder.INSTANCE);
        try (MongoCursor<RawBsonDocument> cursor = collection.withDocumentClass(RawBsonDocument.class).find(IdRangeFilter.of(chunk.range(), kind))
                .batchSize(batchSize).cursor()) {
            while (cursor.hasNext()) {
                RawBsonDocument document = cursor.next();
                documents.put(document.get("_id"), document);
            }
        }
        ChangeStreamPosition high = clock.apply(client);
        if (streams) {
            new ChunkBackfill(collection, chunk.range(), kind, batchSize).apply(documents, low, high);
        }
        Iterator<BsonDocument> folded = documents.values().iterator();
        return new RowCursor<>() {
            private Object[] row;

            @Override
            public boolean next() {
                if (!folded.hasNext()) {
                    return false;
                }
                row = rows.row(chunk.tableId(), chunk.schema(), folded.next());
                return true;
            }

            @Override
            public Object[] row() {
                return row;
            }

            @Override
            public Optional<ChangeStreamPosition> marker() {
                return Optional.of(high);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
