package io.tributary.source.mongodb.snapshot;

import static java.util.Objects.requireNonNull;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import io.tributary.source.mongodb.BsonOrder;
import io.tributary.source.mongodb.IdKind;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;

/**
 * Cuts a collection into {@code _id} ranges of about one chunk's size, in {@code _id} order. A
 * collection estimated to fit one chunk is one whole-collection chunk. Otherwise the boundaries
 * come from the server where it offers them ({@link SplitPointFinder}: {@code splitVector}, else
 * {@code $sample} + {@code $bucketAuto}); where it offers neither, each boundary is the id
 * {@code chunkDocuments} places after the previous one along one sorted scan of the {@code _id}
 * index (ids only), read as splitting goes so reading starts at once. A restart resumes after the
 * last boundary made.
 */
public final class MongoChunkSplitter implements ChunkSplitter {
    private static final int BATCH = 10_000;

    private final MongoClient client;
    private final MongoCollection<BsonDocument> collection;
    private final CapturedTable table;
    private final IdKind kind;
    private final int chunkDocuments;
    private final Supplier<Optional<List<BsonValue>>> splitPoints;
    private Optional<Object> lower;
    private boolean done;
    /** The server's boundaries after the lower bound, once asked; empty when the ids are scanned instead. */
    private Optional<Iterator<BsonValue>> boundaries;
    private MongoCursor<BsonDocument> ids;

    /**
     * A splitter of chunks of about {@code chunkDocuments} documents, or {@code chunkSizeMb} where
     * the server measures sizes itself (empty when the size was given in documents).
     */
    public MongoChunkSplitter(MongoClient client, CapturedTable table, int chunkDocuments, Optional<Integer> chunkSizeMb,
            Optional<Object[]> resumeAfter) {
        this(client, table, chunkDocuments, () -> new SplitPointFinder(client, table.tableId()).find(table.estimatedRows(), chunkDocuments,
                chunkSizeMb), resumeAfter);
    }

    /** A splitter whose boundaries come from {@code splitPoints} (ascending ids, or empty to scan the ids). */
    MongoChunkSplitter(MongoClient client, CapturedTable table, int chunkDocuments, Supplier<Optional<List<BsonValue>>> splitPoints,
            Optional<Object[]> resumeAfter) {
        this.client = requireNonNull(client, "client is null");
        this.splitPoints = requireNonNull(splitPoints, "splitPoints is null");
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
        Optional<BsonValue> boundary = nextBoundary();
        if (boundary.isEmpty()) {
            done = true;
            return Optional.of(new ChunkRange(lower.map(key -> new KeyBound(new Object[] {key}, true)), Optional.empty()));
        }
        Object upper = kind.toColumn(boundary.get(), table.tableId());
        ChunkRange chunk = ChunkRange.of(lower.map(key -> new Object[] {key}), Optional.of(new Object[] {upper}));
        lower = Optional.of(upper);
        return Optional.of(chunk);
    }

    private Optional<BsonValue> nextBoundary() {
        if (boundaries == null) {
            Optional<BsonValue> after = lower.map(kind::toBson);
            boundaries = splitPoints.get().map(points -> points.stream()
                    .filter(point -> after.isEmpty() || BsonOrder.INSTANCE.compare(point, after.get()) > 0).iterator());
        }
        if (boundaries.isPresent()) {
            return boundaries.get().hasNext() ? Optional.of(boundaries.get().next()) : Optional.empty();
        }
        return scannedBoundary();
    }

    /**
     * The id {@code chunkDocuments} places after the current lower bound, read from one sorted scan
     * of the ids kept open between calls; a scan the server dropped (idle cursor timeout) is opened
     * again from the lower bound.
     */
    private Optional<BsonValue> scannedBoundary() {
        for (int attempt = 1; ; attempt++) {
            try {
                if (ids == null) {
                    ChunkRange rest = new ChunkRange(lower.map(key -> new KeyBound(new Object[] {key}, true)), Optional.empty());
                    ids = collection.find(IdRangeFilter.of(rest, kind)).sort(new BsonDocument("_id", new BsonInt32(1)))
                            .projection(Projections.include("_id")).batchSize(BATCH).cursor();
                    if (lower.isPresent() && ids.hasNext()) {
                        ids.next(); // the lower bound itself
                    }
                }
                for (int skipped = 1; skipped < chunkDocuments; skipped++) {
                    if (!ids.hasNext()) {
                        return Optional.empty();
                    }
                    ids.next();
                }
                return ids.hasNext() ? Optional.of(ids.next().get("_id")) : Optional.empty();
            } catch (MongoException e) {
                closeScan();
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private void closeScan() {
        if (ids != null) {
            ids.close();
            ids = null;
        }
    }

    @Override
    public void close() {
        closeScan();
        client.close();
    }
}
