package io.tributary.source.mongodb.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.source.mongodb.ChangeStreamPosition;
import io.tributary.source.mongodb.IdKind;
import io.tributary.source.mongodb.MongoSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.codecs.DecoderContext;
import org.junit.jupiter.api.Test;

/**
 * Decodes change events in the real server's shape (see src/test/resources/change-events) with the
 * driver's own codec: what the in-build server does not emulate (namespaces, replaces, pre-images,
 * renames, database drops, an update whose document was deleted before the lookup).
 */
@SuppressWarnings("unchecked")
class ChangeEventDecoderTest {
    private static final TableId ORDERS = TableId.ofDatabaseTable("shop", "orders");
    private static final TableId CUSTOMERS = TableId.ofDatabaseTable("shop", "customers");
    private static final Map<TableId, TableSchema> SCHEMAS = Map.of(ORDERS, MongoSchemas.schema(IdKind.OBJECT_ID),
            CUSTOMERS, MongoSchemas.schema(IdKind.EXTENDED_JSON));
    private final ChangeEventDecoder decoder = new ChangeEventDecoder(SCHEMAS, Optional.empty(), new io.tributary.source.mongodb.DocumentRows(false));

    @Test
    void anInsertCarriesTheDocumentAndWhereItWasRead() throws IOException {
        ChangeStreamDocument<BsonDocument> event = read("insert.json");
        DataChangeEvent insert = (DataChangeEvent) only(decoder.decode(event, positionOf(event)));

        assertThat(insert.operation()).isEqualTo(Operation.INSERT);
        assertThat(insert.tableId()).isEqualTo(ORDERS);
        Object[] after = insert.after().orElseThrow();
        assertThat(after[0]).isEqualTo("65a9f2c3a1b2c3d4e5f60718");
        assertThat((Map<String, Object>) (Map<?, ?>) after[1]).containsEntry("_id", Map.of("$oid", "65a9f2c3a1b2c3d4e5f60718")).containsEntry("qty", 3)
                .containsEntry("price", new BigDecimal("9.99")).containsEntry("tags", List.of("new"));
        assertThat(insert.sourceTimestampMillis()).isEqualTo(1705636547123L);
        assertThat(insert.sourcePosition().orElseThrow().fields()).containsEntry("db", "shop").containsEntry("collection", "orders")
                .containsEntry("ord", 1L).containsEntry("ts_ms", 1705636547000L);
    }

    @Test
    void anUpdateCarriesTheLookedUpDocumentAndAReplaceTheNewOne() throws IOException {
        DataChangeEvent update = (DataChangeEvent) only(decode("update-lookup.json"));
        DataChangeEvent replace = (DataChangeEvent) only(decode("replace.json"));

        assertThat(update.operation()).isEqualTo(Operation.UPDATE);
        assertThat((Map<String, Object>) (Map<?, ?>) update.after().orElseThrow()[1]).containsEntry("qty", 4);
        assertThat(update.before()).as("no pre-image without scan.full-changelog").isEmpty();
        assertThat(replace.operation()).isEqualTo(Operation.UPDATE);
        assertThat((Map<String, Object>) (Map<?, ?>) replace.after().orElseThrow()[1]).containsEntry("sku", "A-2").doesNotContainKey("qty");
    }

    @Test
    void anUpdateWhoseDocumentWasDeletedBeforeTheLookupYieldsNothingAsItsDeleteFollows() throws IOException {
        assertThat(decode("update-deleted-since.json")).isEmpty();
    }

    @Test
    void aDeleteCarriesTheKeyAndThePreImageWhenTheServerSendsOne() throws IOException {
        DataChangeEvent delete = (DataChangeEvent) only(decode("delete-with-pre-image.json"));

        assertThat(delete.operation()).isEqualTo(Operation.DELETE);
        assertThat(delete.keyRow()[0]).isEqualTo("65a9f2c3a1b2c3d4e5f60718");
        assertThat((Map<String, Object>) (Map<?, ?>) delete.before().orElseThrow()[1]).containsEntry("sku", "A-2");
    }

    @Test
    void aRenameDropsTheCapturedCollectionAndADatabaseDropEveryCapturedCollectionOfIt() throws IOException {
        assertThat(decode("rename.json")).singleElement().isInstanceOfSatisfying(SchemaChangeEvent.class, drop -> {
            assertThat(drop.tableId()).isEqualTo(ORDERS);
            assertThat(drop.change()).isInstanceOf(SchemaChange.DropTable.class);
        });
        assertThat(decode("drop-database.json")).map(event -> ((SchemaChangeEvent) event).tableId()).containsExactlyInAnyOrder(ORDERS, CUSTOMERS);
    }

    @Test
    void aChangeOfACollectionNotCapturedIsSkipped() throws IOException {
        assertThat(decode("insert-other-collection.json")).isEmpty();
    }

    @Test
    void theClusterTimeOfARealResumeTokenIsTheEventsClusterTime() throws IOException {
        for (String file : List.of("insert.json", "update-lookup.json", "delete-with-pre-image.json", "drop-database.json")) {
            ChangeStreamDocument<BsonDocument> event = read(file);
            assertThat(ResumeTokens.clusterTime(event.getResumeToken())).as(file).contains(event.getClusterTime());
        }
    }

    @Test
    void theInBuildServersResumeTokenIsItsClusterTimeInHex() {
        org.bson.BsonTimestamp time = new org.bson.BsonTimestamp(1_796_238_265, 65_604);
        BsonDocument token = new BsonDocument("_data", new org.bson.BsonString(Long.toHexString(time.getValue())));
        assertThat(ResumeTokens.clusterTime(token)).contains(time);
    }

    private List<Event> decode(String file) throws IOException {
        ChangeStreamDocument<BsonDocument> event = read(file);
        return decoder.decode(event, positionOf(event));
    }

    private static ChangeStreamPosition positionOf(ChangeStreamDocument<BsonDocument> event) {
        return ChangeStreamPosition.ofEvent(event.getClusterTime(), 0, event.getResumeToken().getString("_data").getValue());
    }

    private static Event only(List<Event> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    static ChangeStreamDocument<BsonDocument> read(String file) throws IOException {
        try (InputStream in = ChangeEventDecoderTest.class.getResourceAsStream("/change-events/" + file)) {
            assertThat(in).as(file).isNotNull();
            BsonDocument document = BsonDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return ChangeStreamDocument.createCodec(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry())
                    .decode(new BsonDocumentReader(document), DecoderContext.builder().build());
        }
    }
}
