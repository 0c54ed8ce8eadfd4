package io.tributary.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.source.mongodb.stream.MongoStreamReader;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The change-stream reader against the in-build server, which does not know
 * {@code $changeStreamSplitLargeEvent}, as a server older than 6.0.9 (say, a shard behind a newer
 * mongos that validate asked) would not: opening the stream with the option on says what to do.
 */
class MongoStreamReaderITCase {
    private static TestingMongoServer server;

    @BeforeAll
    static void startServer() {
        server = TestingMongoServer.start();
        try (var client = server.client()) {
            client.getDatabase("shop").getCollection("orders").insertOne(new org.bson.Document("_id", 1));
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aServerWithoutTheSplitStageIsRefusedWhenTheStreamOpens() {
        MongoSourceOptions options = MongoSourceOptions.from(Configuration.fromMap(new HashMap<>(Map.of("hosts", server.hosts(),
                "collection", "shop\\.orders", "scan.change-stream.split-large-event.enabled", "true"))));
        MongoStreamReader reader = new MongoStreamReader(options, new MongoConnections(options),
                ChangeStreamPosition.atTime(new BsonTimestamp((int) (System.currentTimeMillis() / 1000), 0)),
                Map.of(TableId.ofDatabaseTable("shop", "orders"), MongoSchemas.schema(IdKind.INT32)), new NoSnapshotCoverage());

        assertThatThrownBy(reader::start)
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_MISCONFIGURED))
                .hasMessageContaining("does not know $changeStreamSplitLargeEvent").hasMessageContaining("6.0.9");
    }
}
