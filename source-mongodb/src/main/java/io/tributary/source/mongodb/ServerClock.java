package io.tributary.source.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Projections;
import java.time.Instant;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * Reads the deployment's current cluster time: every write at or before it is visible to reads
 * started afterwards. A replica set tells it in each reply ({@code operationTime}); otherwise the
 * newest oplog entry's {@code ts} stands for it, and with an empty oplog the wall clock's second.
 */
public final class ServerClock {
    private ServerClock() {}

    public static BsonTimestamp now(MongoClient client) {
        BsonDocument reply = client.getDatabase("admin").runCommand(new BsonDocument("ping", new BsonInt32(1)), BsonDocument.class);
        BsonValue operationTime = reply.get("operationTime");
        if (operationTime != null && operationTime.isTimestamp()) {
            return operationTime.asTimestamp();
        }
        BsonDocument newest = client.getDatabase("local").getCollection("oplog.rs", BsonDocument.class).find()
                .sort(new BsonDocument("$natural", new BsonInt32(-1))).projection(Projections.include("ts")).limit(1).first();
        if (newest != null && newest.isTimestamp("ts")) {
            return newest.getTimestamp("ts");
        }
        return new BsonTimestamp((int) Instant.now().getEpochSecond(), 0);
    }

    /** The oldest oplog entry's time, if the user may read the oplog. */
    public static java.util.Optional<BsonTimestamp> oldestOplogEntry(MongoClient client) {
        try {
            BsonDocument oldest = client.getDatabase("local").getCollection("oplog.rs", BsonDocument.class).find()
                    .sort(new BsonDocument("$natural", new BsonInt32(1))).projection(Projections.include("ts")).limit(1).first();
            return oldest != null && oldest.isTimestamp("ts") ? java.util.Optional.of(oldest.getTimestamp("ts")) : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
