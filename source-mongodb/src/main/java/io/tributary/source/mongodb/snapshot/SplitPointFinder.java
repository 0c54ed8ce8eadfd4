package io.tributary.source.mongodb.snapshot;

import static java.util.Objects.requireNonNull;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.tributary.core.model.TableId;
import io.tributary.source.mongodb.BsonOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Asks the server for a collection's chunk boundaries, the cheap ways first: {@code splitVector}
 * over the {@code _id} index (a replica set member; needs the {@code splitVector} action, e.g. the
 * {@code clusterManager} role), else {@code $sample} + {@code $bucketAuto} on {@code _id} (any user
 * with {@code find}; also through mongos). When the server refuses both, the splitter falls back to
 * its sorted scan of the ids.
 */
final class SplitPointFinder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SplitPointFinder.class);
    /** Sampled documents per bucket: enough that buckets come out within a few percent of equal. */
    static final int SAMPLES_PER_CHUNK = 100;
    static final long MAX_SAMPLES = 1_000_000;

    private final MongoClient client;
    private final TableId table;

    SplitPointFinder(MongoClient client, TableId table) {
        this.client = requireNonNull(client, "client is null");
        this.table = requireNonNull(table, "table is null");
    }

    /**
     * Ascending boundaries for chunks of about {@code chunkSizeMb} (splitVector, when the size is
     * given in MB) or {@code chunkDocuments} documents ($bucketAuto), or empty when the server offers
     * neither way.
     */
    Optional<List<BsonValue>> find(long estimatedDocuments, int chunkDocuments, Optional<Integer> chunkSizeMb) {
        MongoDatabase database = client.getDatabase(table.database().orElseThrow());
        if (chunkSizeMb.isPresent()) {
            // splitVector only knows sizes; a size in documents goes to $bucketAuto, which counts them.
            try {
                List<BsonValue> keys = splitKeys(database.runCommand(splitVectorCommand(table, chunkSizeMb.get()), BsonDocument.class));
                LOG.info("splitVector cut {} into {} chunks", table, keys.size() + 1);
                return Optional.of(keys);
            } catch (MongoCommandException e) {
                LOG.info("splitVector is not available on {} ({} {}); sampling with $bucketAuto", table, e.getErrorCode(), e.getErrorMessage());
            }
        }
        int buckets = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (estimatedDocuments + chunkDocuments - 1) / chunkDocuments));
        long samples = Math.min(MAX_SAMPLES, Math.min(Math.max(estimatedDocuments, 1), (long) buckets * SAMPLES_PER_CHUNK));
        try {
            List<BsonDocument> result = new ArrayList<>();
            database.getCollection(table.table(), BsonDocument.class).aggregate(bucketAutoPipeline(samples, buckets)).allowDiskUse(true)
                    .into(result);
            List<BsonValue> boundaries = bucketBoundaries(result);
            LOG.info("$sample/$bucketAuto cut {} into {} chunks", table, boundaries.size() + 1);
            return Optional.of(boundaries);
        } catch (MongoCommandException e) {
            LOG.info("$sample/$bucketAuto is not available on {} ({} {}); splitting by a sorted scan of the ids", table, e.getErrorCode(),
                    e.getErrorMessage());
            return Optional.empty();
        }
    }

    /**
     * {@code {splitVector: "db.coll", keyPattern: {_id: 1}, maxChunkSize: 2 × mb}}: splitVector cuts
     * at half its {@code maxChunkSize} (to leave chunks room to grow), so twice the size asked for
     * gives chunks of about that size.
     */
    static BsonDocument splitVectorCommand(TableId table, int chunkSizeMb) {
        return new BsonDocument("splitVector", new BsonString(table.database().orElseThrow() + "." + table.table()))
                .append("keyPattern", new BsonDocument("_id", new BsonInt32(1)))
                .append("maxChunkSize", new BsonInt32((int) Math.min(Integer.MAX_VALUE, 2L * chunkSizeMb)));
    }

    /** The {@code _id}s of a splitVector reply's {@code splitKeys}, ascending. */
    static List<BsonValue> splitKeys(BsonDocument response) {
        List<BsonValue> keys = new ArrayList<>();
        for (BsonValue key : response.getArray("splitKeys")) {
            keys.add(key.asDocument().get("_id"));
        }
        return ascending(keys);
    }

    /** {@code [{$sample: {size}}, {$bucketAuto: {groupBy: "$_id", buckets}}]}. */
    static List<BsonDocument> bucketAutoPipeline(long samples, int buckets) {
        return List.of(new BsonDocument("$sample", new BsonDocument("size", new BsonInt64(samples))),
                new BsonDocument("$bucketAuto", new BsonDocument("groupBy", new BsonString("$_id")).append("buckets", new BsonInt32(buckets))));
    }

    /**
     * The boundaries between {@code $bucketAuto}'s buckets ({@code {_id: {min, max}, count}}): each
     * bucket's {@code min} but the first's, since a bucket's {@code max} is the next one's {@code min}.
     */
    static List<BsonValue> bucketBoundaries(List<BsonDocument> buckets) {
        List<BsonValue> boundaries = new ArrayList<>();
        for (BsonDocument bucket : buckets) {
            boundaries.add(bucket.getDocument("_id").get("min"));
        }
        List<BsonValue> sorted = ascending(boundaries);
        return sorted.isEmpty() ? sorted : sorted.subList(1, sorted.size());
    }

    private static List<BsonValue> ascending(List<BsonValue> values) {
        TreeSet<BsonValue> sorted = new TreeSet<>(BsonOrder.INSTANCE);
        sorted.addAll(values);
        return new ArrayList<>(sorted);
    }
}
