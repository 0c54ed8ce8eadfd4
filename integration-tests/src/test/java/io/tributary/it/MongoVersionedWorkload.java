package io.tributary.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;

/**
 * The only writer of a collection of {@code {_id: int, version: int, note, …}} documents while a
 * pipeline copies it: loads {@code documents} ids at version 1, then, until closed, updates random
 * documents (counting {@code version} up by one), deletes some and inserts new ids (never one used
 * before), a couple of hundred writes a second. It counts the updates it made to each id, so a
 * consumer can tell a lost or repeated update event from one whose looked-up document was newer.
 */
final class MongoVersionedWorkload implements AutoCloseable {
    private final String connectionString;
    private final String database;
    private final String collection;
    private final int documents;
    private final Map<Integer, Integer> updates = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean writing;
    private Thread writer;
    private long writes;

    MongoVersionedWorkload(String connectionString, String database, String collection, int documents) {
        this.connectionString = connectionString;
        this.database = database;
        this.collection = collection;
        this.documents = documents;
    }

    /** Inserts ids 1 to {@code documents} at version 1. */
    void load() {
        try (MongoClient client = MongoClients.create(connectionString)) {
            List<Document> batch = new ArrayList<>();
            for (int id = 1; id <= documents; id++) {
                batch.add(new Document("_id", id).append("version", 1).append("note", "loaded").append("address", new Document("city", "c" + id % 50)));
                if (batch.size() == 1000) {
                    collection(client).insertMany(batch);
                    batch.clear();
                }
            }
        }
    }

    void start() {
        writing = true;
        writer = new Thread(this::writeUntilStopped, "mongo writer");
        writer.start();
    }

    private void writeUntilStopped() {
        Random random = new Random(41);
        int nextId = documents + 1;
        try (MongoClient client = MongoClients.create(connectionString)) {
            MongoCollection<Document> target = collection(client);
            while (writing) {
                int choice = random.nextInt(100);
                int id = 1 + random.nextInt(nextId - 1);
                if (choice < 70) {
                    if (target.updateOne(Filters.eq("_id", id), Updates.combine(Updates.inc("version", 1), Updates.set("note", "updated")))
                            .getModifiedCount() == 1) {
                        updates.merge(id, 1, Integer::sum);
                    }
                } else if (choice < 85) {
                    target.deleteOne(Filters.eq("_id", id));
                } else {
                    target.insertOne(new Document("_id", nextId++).append("version", 1).append("note", "inserted"));
                }
                writes++;
                Thread.sleep(5);
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /** Stops writing; fails if the writer did. */
    @Override
    public void close() throws InterruptedException {
        writing = false;
        if (writer != null) {
            writer.join();
            writer = null;
            if (failure.get() != null) {
                throw new AssertionError("the concurrent writer failed", failure.get());
            }
        }
    }

    /** Writes made; read after {@link #close()}. */
    long writes() {
        return writes;
    }

    /** How many updates the writer made to {@code id}. */
    int updatesOf(int id) {
        return updates.getOrDefault(id, 0);
    }

    /** Each document's id and version, as the collection holds them now. */
    Map<Integer, Integer> versions() {
        Map<Integer, Integer> versions = new HashMap<>();
        try (MongoClient client = MongoClients.create(connectionString)) {
            for (Document document : collection(client).find()) {
                versions.put(document.getInteger("_id"), document.getInteger("version"));
            }
        }
        return versions;
    }

    private MongoCollection<Document> collection(MongoClient client) {
        return client.getDatabase(database).getCollection(collection);
    }
}
