package io.tributary.source.mongodb.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.source.mongodb.IdKind;
import io.tributary.source.mongodb.MongoSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * On the in-build server, which has neither {@code splitVector} nor {@code $bucketAuto}, the
 * splitter falls back to its sorted scan of the ids, and the chunks cover every document once.
 */
class MongoChunkSplitterITCase {
    private static final TableId ORDERS = TableId.ofDatabaseTable("shop", "orders");

    @Test
    void aServerWithoutSplitCommandsIsSplitByScanningTheIds() {
        MongoServer server = new MongoServer(new MemoryBackend());
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
            List<Document> documents = new ArrayList<>();
            for (int id = 1; id <= 1_000; id++) {
                documents.add(new Document("_id", id).append("note", "n" + id));
            }
            orders.insertMany(documents);

            assertThat(new SplitPointFinder(client, ORDERS).find(1_000, 100, Optional.of(1))).as("this server refuses both").isEmpty();

            CapturedTable table = CapturedTable.byPrimaryKey(ORDERS, MongoSchemas.schema(IdKind.INT32), 1_000);
            List<Long> counts = new ArrayList<>();
            try (MongoClient splitterClient = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
                    MongoChunkSplitter splitter = new MongoChunkSplitter(splitterClient, table, 100, Optional.of(1), Optional.empty())) {
                for (Optional<ChunkRange> chunk = splitter.next(); chunk.isPresent(); chunk = splitter.next()) {
                    counts.add(orders.countDocuments(IdRangeFilter.of(chunk.get(), IdKind.INT32)));
                }
            }
            assertThat(counts).hasSizeBetween(10, 11).allMatch(count -> count <= 100);
            assertThat(counts.stream().mapToLong(Long::longValue).sum()).as("every document in one chunk").isEqualTo(1_000);
        } finally {
            server.shutdownNow();
        }
    }
}
