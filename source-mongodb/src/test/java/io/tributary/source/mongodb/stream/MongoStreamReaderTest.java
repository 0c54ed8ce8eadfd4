package io.tributary.source.mongodb.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.mongodb.ChangeStreamPosition;
import io.tributary.source.mongodb.IdKind;
import io.tributary.source.mongodb.MongoConnections;
import io.tributary.source.mongodb.MongoSchemas;
import io.tributary.source.mongodb.MongoSourceOptions;
import io.tributary.source.mongodb.NoSnapshotCoverage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

/**
 * The change stream's pipeline, and where the reader's position stands while it reads an event
 * split by {@code $changeStreamSplitLargeEvent}. No server: the in-build one does not know that
 * stage, so the documents are the recorded fragments of {@link SplitEventAssemblerTest}, fed to the
 * reader as its cursor would return them.
 */
class MongoStreamReaderTest {
    private static final TableId ORDERS = TableId.ofDatabaseTable("shop", "orders");
    private static final Map<TableId, TableSchema> SCHEMAS = Map.of(ORDERS, MongoSchemas.schema(IdKind.OBJECT_ID));
    private static final BsonDocument SPLIT_STAGE = BsonDocument.parse("{\"$changeStreamSplitLargeEvent\": {}}");

    @Test
    void theSplitStageIsThePipelinesLastStageOnlyWhenEnabled() {
        assertThat(MongoStreamReader.pipeline(options(false))).doesNotContain(SPLIT_STAGE);
        List<BsonDocument> pipeline = MongoStreamReader.pipeline(options(true));
        assertThat(pipeline).isNotEmpty().last().isEqualTo(SPLIT_STAGE);
        assertThat(pipeline).containsOnlyOnce(SPLIT_STAGE);
    }

    @Test
    void thePositionStaysAtTheLastWholeEventUntilTheLastFragmentOfTheNext() throws IOException {
        MongoStreamReader reader = reader();
        BsonDocument insert = BsonDocument.parse(new String(MongoStreamReaderTest.class
                .getResourceAsStream("/change-events/insert.json").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        List<BsonDocument> fragments = SplitEventAssemblerTest.fragments("update-with-images.3-fragments.jsonl");
        List<StreamRecord<ChangeStreamPosition>> records = new ArrayList<>();

        reader.accept(insert, records);
        reader.accept(fragments.get(0), records);
        reader.accept(fragments.get(1), records);

        // A checkpoint now stores the last record's position: the insert's, never one between fragments.
        assertThat(records).hasSize(1);
        assertThat(records.get(0).positionAfter().resumeTokenData()).contains(insert.getDocument("_id").getString("_data").getValue());

        reader.accept(fragments.get(2), records);

        assertThat(records).hasSize(2);
        StreamRecord<ChangeStreamPosition> update = records.get(1);
        assertThat(update.event()).isPresent();
        assertThat(update.positionAfter().resumeTokenData()).as("a restart resumes after the whole event")
                .contains(fragments.get(2).getDocument("_id").getString("_data").getValue());
        assertThat(update.positionAfter().clusterTime()).isEqualTo(new BsonTimestamp(1_705_636_548, 7));
        assertThat(update.positionAfter()).isGreaterThan(records.get(0).positionAfter());
    }

    private static MongoStreamReader reader() {
        MongoSourceOptions options = options(true);
        ChangeStreamPosition start = ChangeStreamPosition.ofEvent(new BsonTimestamp(1_705_636_500, 1), 0, "8265A9F294000000012B");
        return new MongoStreamReader(options, new MongoConnections(options), start, SCHEMAS, new NoSnapshotCoverage());
    }

    private static MongoSourceOptions options(boolean split) {
        return MongoSourceOptions.from(Configuration.fromMap(new HashMap<>(Map.of("hosts", "db1:27017", "collection", "shop\\.orders",
                "scan.change-stream.split-large-event.enabled", String.valueOf(split)))));
    }
}
