package io.tributary.source.mongodb;

import static java.util.Objects.requireNonNull;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Projections;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.BsonDocument;
import org.bson.BsonType;

/**
 * Finds the captured collections and gives each the table shape of this source: {@code _id} (its
 * column type from the ids found, see {@link IdKind}) as the key and {@code document}, the whole
 * document. Views and {@code system.*} collections are skipped.
 */
final class MongoCatalog {
    private static final int SAMPLED_IDS = 64;
    private static final int DEFAULT_DOCUMENT_BYTES = 1024;

    private final MongoClient client;
    private final boolean flatten;
    private final Optional<Integer> flattenSampleSize;

    /** A catalog of whole-document tables, or, with {@code flatten}, of tables with a column per field typed from a sample of documents. */
    MongoCatalog(MongoClient client, boolean flatten, Optional<Integer> flattenSampleSize) {
        this.client = requireNonNull(client, "client is null");
        this.flatten = flatten;
        this.flattenSampleSize = requireNonNull(flattenSampleSize, "flattenSampleSize is null");
    }

    List<CapturedTable> discover(CollectionFilter filter) {
        Set<String> databases = filter.literalDatabases().orElseGet(() -> {
            Set<String> all = new TreeSet<>();
            client.listDatabaseNames().forEach(all::add);
            return all;
        });
        List<CapturedTable> tables = new ArrayList<>();
        for (String database : databases) {
            Set<String> names = new TreeSet<>();
            for (BsonDocument info : client.getDatabase(database).listCollections(BsonDocument.class)) {
                String name = info.getString("name").getValue();
                boolean view = info.isString("type") && info.getString("type").getValue().equals("view");
                if (!view && filter.matches(database, name)) {
                    names.add(name);
                }
            }
            for (String name : names) {
                tables.add(table(TableId.ofDatabaseTable(database, name)));
            }
        }
        return tables;
    }

    private CapturedTable table(TableId id) {
        MongoCollection<BsonDocument> collection = collection(client, id);
        IdKind kind = IdKind.forTypes(idTypes(collection));
        TableSchema schema = flatten ? FlattenedColumns.infer(kind, sample(collection)) : MongoSchemas.schema(kind);
        return CapturedTable.byPrimaryKey(id, schema, collection.estimatedDocumentCount());
    }

    /** The types of the first ids found and of a random sample of others. */
    private static Set<BsonType> idTypes(MongoCollection<BsonDocument> collection) {
        Set<BsonType> types = EnumSet.noneOf(BsonType.class);
        collection.find().projection(Projections.include("_id")).limit(SAMPLED_IDS).forEach(document -> types.add(document.get("_id").getBsonType()));
        if (!types.isEmpty()) {
            try {
                collection.aggregate(List.of(Aggregates.sample(SAMPLED_IDS), Aggregates.project(Projections.include("_id"))))
                        .forEach(document -> types.add(document.get("_id").getBsonType()));
            } catch (MongoCommandException e) {
                // The sample only widens what the first ids show; a server that cannot sample (the in-build
                // test server's $sample fails now and then) leaves it to them.
            }
        }
        return types;
    }

    /** The documents the flattened columns are typed from: the first ones and as many random ones, or all. */
    private List<BsonDocument> sample(MongoCollection<BsonDocument> collection) {
        List<BsonDocument> documents = new ArrayList<>();
        if (flattenSampleSize.isEmpty()) {
            collection.find().forEach(documents::add);
            return documents;
        }
        int size = flattenSampleSize.get();
        collection.find().limit(size).forEach(documents::add);
        if (documents.size() == size) {
            try {
                collection.aggregate(List.of(Aggregates.sample(size))).forEach(documents::add);
            } catch (MongoCommandException e) {
                // As for the ids: the random part only widens what the first documents show.
            }
        }
        return documents;
    }

    /** How many documents of the collection make {@code megabytes}, by its average document size. */
    static int documentsPerChunk(MongoClient client, TableId id, int megabytes) {
        long averageBytes = DEFAULT_DOCUMENT_BYTES;
        try {
            BsonDocument stats = client.getDatabase(id.database().orElseThrow())
                    .runCommand(new BsonDocument("collStats", new org.bson.BsonString(id.table())), BsonDocument.class);
            if (stats.containsKey("avgObjSize") && stats.get("avgObjSize").isNumber() && stats.getNumber("avgObjSize").longValue() > 0) {
                averageBytes = stats.getNumber("avgObjSize").longValue();
            }
        } catch (RuntimeException e) {
            // collStats is optional (deprecated on new servers, missing on some): keep the default size.
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, megabytes * 1024L * 1024L / averageBytes));
    }

    private static MongoCollection<BsonDocument> collection(MongoClient client, TableId id) {
        return client.getDatabase(id.database().orElseThrow()).getCollection(id.table(), BsonDocument.class);
    }
}
