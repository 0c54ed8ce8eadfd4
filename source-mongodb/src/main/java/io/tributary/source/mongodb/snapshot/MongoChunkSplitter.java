package io.tributary.source.mongodb.snapshot;

import static java.util.Objects.requireNonNull;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import io.tributary.source.mongodb.IdKind;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/**
 * Cuts a collection into {@code _id} ranges of about {@code chunkDocuments} documents, in
 * {@code _id} order: each boundary is the id {@code chunkDocuments} places after the previous one
 * along the {@code _id} index (a covered, sorted scan). A collection estimated to fit one chunk is
 * one whole-collection chunk. Boundaries are read as splitting goes, so reading starts at once.
 */
public final class MongoChunkSplitter implements ChunkSplitter {
    private final MongoClient client;
    private final MongoCollection<BsonDocument> collection;
    private final CapturedTable table;
    private final IdKind kind;
    private final int chunkDocuments;
    private Optional<Object> lower;
    private boolean done;

    public MongoChunkSplitter(MongoClient client, CapturedTable table, int chunkDocuments, Optional<Object[]> resumeAfter) {
        this.client = requireNonNull(client, "client is null");
        this.table = requireNonNull(table, "table is null");
        this.kind = IdKind.ofColumn(table.schema().columns().get(0).type());
        this.chunkDocuments = chunkDocuments;
        this.collection = client.getDatabase(table.tableId().database().orElseThrow()).getCollection(table.tableId().table(), BsonDocument.class);
        this.lower = requireNonNull(resumeAfter, "resumeAfter is null").map(key -> key[0]);
    }

    @Override
    public Optional<ChunkRange> next() {
        if (done) {
            return Optional.empty();
        }
        if (lower.isEmpty() && table.estimatedRows() <= chunkDocuments) {
            done = true;
            return Optional.of(ChunkRange.all());
        }
        ChunkRange rest = new ChunkRange(lower.map(key -> new KeyBound(new Object[] {key}, true)), Optional.empty());
        BsonDocument boundary = collection.find(IdRangeFilter.of(rest, kind)).sort(new BsonDocument("_id", new BsonInt32(1)))
                .projection(Projections.include("_id")).skip(chunkDocuments).limit(1).first();
        if (boundary == null) {
            done = true;
            return Optional.of(rest);
        }
        Object upper = kind.toColumn(boundary.get("_id"), table.tableId());
        ChunkRange chunk = ChunkRange.of(lower.map(key -> new Object[] {key}), Optional.of(new Object[] {upper}));
        lower = Optional.of(upper);
        return Optional.of(chunk);
    }

    @Override
    public void close() {
        client.close();
    }
}
