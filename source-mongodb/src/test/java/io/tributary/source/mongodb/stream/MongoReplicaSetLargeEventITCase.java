package io.tributary.source.mongodb.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.ChangeStreamPreAndPostImagesOptions;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.mongodb.ChangeStreamPosition;
import io.tributary.source.mongodb.IdKind;
import io.tributary.source.mongodb.MongoConnections;
import io.tributary.source.mongodb.MongoSchemas;
import io.tributary.source.mongodb.MongoSourceOptions;
import io.tributary.source.mongodb.NoSnapshotCoverage;
import io.tributary.source.mongodb.ServerClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A change event over MongoDB's 16 MB limit on a real one-member MongoDB 7.0 replica set in Docker:
 * an update whose pre-image, post-image and update description are 9 MB each. Read whole with
 * {@code scan.change-stream.split-large-event.enabled}; without it the run fails saying so. Skipped
 * where no Docker engine runs.
 */
class MongoReplicaSetLargeEventITCase {
    private static final String IMAGE = "mongo:7.0";
    private static final int NINE_MB = 9 * 1024 * 1024;
    private static MongoDBContainer container;

    /** Each test, not the class, is skipped without Docker, so that the report lists them with the reason. */
    @BeforeEach
    void startServer() {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "needs a Docker engine to run " + IMAGE + " and none runs here");
        if (container == null) {
            container = new MongoDBContainer(DockerImageName.parse(IMAGE));
            container.start();
        }
    }

    @AfterAll
    static void stopServer() {
        if (container != null) {
            container.stop();
        }
    }

    @Test
    void anUpdateOverSixteenMegabytesArrivesWholeWhenSplittingIsOn() {
        try (MongoClient client = client(); MongoStreamReader reader = reader(client, "large_split", true)) {
            client.getDatabase("shop").getCollection("large_split").updateOne(Filters.eq("_id", 1), Updates.set("notes", "b".repeat(NINE_MB)));

            DataChangeEvent update = (DataChangeEvent) firstEvent(reader).event().orElseThrow();

            assertThat(((Map<?, ?>) update.before().orElseThrow()[1]).get("notes")).isEqualTo("a".repeat(NINE_MB));
            assertThat(((Map<?, ?>) update.after().orElseThrow()[1]).get("notes")).isEqualTo("b".repeat(NINE_MB));
        }
    }

    @Test
    void withoutSplittingTheSameUpdateEndsTheRunNamingTheOption() {
        try (MongoClient client = client(); MongoStreamReader reader = reader(client, "large_unsplit", false)) {
            client.getDatabase("shop").getCollection("large_unsplit").updateOne(Filters.eq("_id", 1), Updates.set("notes", "b".repeat(NINE_MB)));

            assertThatThrownBy(() -> firstEvent(reader))
                    .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ_FAILED))
                    .hasMessageContaining("scan.change-stream.split-large-event.enabled: true");
        }
    }

    private static MongoClient client() {
        return MongoClients.create("mongodb://" + hosts() + "/?directConnection=true");
    }

    private static String hosts() {
        return container.getHost() + ":" + container.getMappedPort(27017);
    }

    /** A collection with pre- and post-images on and a 9 MB document, and a reader of its changes from now on. */
    private static MongoStreamReader reader(MongoClient client, String collection, boolean split) {
        client.getDatabase("shop").createCollection(collection,
                new CreateCollectionOptions().changeStreamPreAndPostImagesOptions(new ChangeStreamPreAndPostImagesOptions(true)));
        client.getDatabase("shop").getCollection(collection).insertOne(new Document("_id", 1).append("notes", "a".repeat(NINE_MB)));
        MongoSourceOptions options = MongoSourceOptions.from(Configuration.fromMap(new HashMap<>(Map.of("hosts", hosts(),
                "connection.options", "directConnection=true", "collection", "shop\\." + collection, "scan.startup.mode", "latest-offset",
                "scan.full-changelog", "true", "scan.change-stream.split-large-event.enabled", String.valueOf(split)))));
        TableId id = TableId.ofDatabaseTable("shop", collection);
        MongoStreamReader reader = new MongoStreamReader(options, new MongoConnections(options),
                ChangeStreamPosition.atTime(ServerClock.now(client)), Map.of(id, MongoSchemas.schema(IdKind.INT32)), new NoSnapshotCoverage());
        reader.start();
        return reader;
    }

    private static StreamRecord<ChangeStreamPosition> firstEvent(MongoStreamReader reader) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<StreamRecord<ChangeStreamPosition>> records = reader.poll();
            for (StreamRecord<ChangeStreamPosition> record : records) {
                if (record.event().isPresent()) {
                    return record;
                }
            }
        }
        throw new AssertionError("no change event within 60 s");
    }
}
