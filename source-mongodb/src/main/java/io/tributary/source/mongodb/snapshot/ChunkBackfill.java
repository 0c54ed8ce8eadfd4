package io.tributary.source.mongodb.snapshot;

import static java.util.Objects.requireNonNull;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import io.tributary.source.mongodb.BsonOrder;
import io.tributary.source.mongodb.ChangeStreamPosition;
import io.tributary.source.mongodb.IdKind;
import java.util.NavigableMap;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * Brings the documents of a chunk, read by a plain query while writes went on, to one point of the
 * change stream: the changes made between the cluster time before the query ({@code low}) and the
 * one after it ({@code high}) to ids of the chunk's range are applied to the documents read —
 * inserted and updated documents replace what was read, deleted ones are removed. The chunk then
 * holds exactly the changes up to {@code high}, its marker, and the stream emits those after it.
 */
final class ChunkBackfill {
    private final MongoCollection<BsonDocument> collection;
    private final ChunkRange range;
    private final IdKind kind;
    private final int batchSize;

    ChunkBackfill(MongoCollection<BsonDocument> collection, ChunkRange range, IdKind kind, int batchSize) {
        this.collection = requireNonNull(collection, "collection is null");
        this.range = requireNonNull(range, "range is null");
        this.kind = requireNonNull(kind, "kind is null");
        this.batchSize = batchSize;
    }

    /** Applies the changes in {@code (low, high]} to {@code documents} (by id, in BSON order). */
    void apply(NavigableMap<BsonValue, BsonDocument> documents, ChangeStreamPosition low, ChangeStreamPosition high) {
        if (high.compareTo(low) <= 0) {
            return;
        }
        BsonTimestamp from = low.clusterTime();
        try (MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor = collection.watch().fullDocument(FullDocument.UPDATE_LOOKUP)
                .startAtOperationTime(from).batchSize(batchSize).maxAwaitTime(1, TimeUnit.MILLISECONDS).cursor()) {
            ChangeStreamDocument<BsonDocument> event;
            while ((event = cursor.tryNext()) != null) {
                BsonTimestamp time = event.getClusterTime();
                if (time == null || Long.compareUnsigned(time.getValue(), from.getValue()) <= 0) {
                    continue;
                }
                if (Long.compareUnsigned(time.getValue(), high.clusterTime().getValue()) > 0) {
                    return;
                }
                apply(documents, event);
            }
        }
    }

    private void apply(NavigableMap<BsonValue, BsonDocument> documents, ChangeStreamDocument<BsonDocument> event) {
        BsonDocument key = event.getDocumentKey();
        if (key == null || !key.containsKey("_id") || !inRange(key.get("_id"))) {
            return;
        }
        BsonValue id = key.get("_id");
        switch (String.valueOf(event.getOperationTypeString())) {
            case "insert", "update", "replace" -> {
                BsonDocument document = event.getFullDocument();
                if (document != null && document.containsKey("_id")) {
                    documents.put(id, document);
                }
            }
            case "delete" -> documents.remove(id);
            default -> { }
        }
    }

    private boolean inRange(BsonValue id) {
        return range.lower().map(bound -> above(id, bound)).orElse(true) && range.upper().map(bound -> below(id, bound)).orElse(true);
    }

    private boolean above(BsonValue id, KeyBound bound) {
        int c = BsonOrder.INSTANCE.compare(id, kind.toBson(bound.key()[0]));
        return bound.inclusive() ? c >= 0 : c > 0;
    }

    private boolean below(BsonValue id, KeyBound bound) {
        int c = BsonOrder.INSTANCE.compare(id, kind.toBson(bound.key()[0]));
        return bound.inclusive() ? c <= 0 : c < 0;
    }
}
