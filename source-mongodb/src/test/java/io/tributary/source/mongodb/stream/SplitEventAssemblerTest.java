package io.tributary.source.mongodb.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.source.mongodb.ChangeStreamPosition;
import io.tributary.source.mongodb.DocumentRows;
import io.tributary.source.mongodb.IdKind;
import io.tributary.source.mongodb.MongoSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/**
 * Puts events split by {@code $changeStreamSplitLargeEvent} back together. The in-build server does
 * not know that stage, so the fragments are recorded documents written from MongoDB's documented
 * shape (src/test/resources/change-events/split, see its README), decoded by the driver's codec.
 */
class SplitEventAssemblerTest {
    private static final TableId ORDERS = TableId.ofDatabaseTable("shop", "orders");
    private static final Map<TableId, TableSchema> SCHEMAS = Map.of(ORDERS, MongoSchemas.schema(IdKind.OBJECT_ID));

    private final SplitEventAssembler assembler = new SplitEventAssembler("the change stream of MongoDB at db1:27017");

    @Test
    void twoFragmentsMakeTheEventTheDecoderReadsUnsplit() throws IOException {
        assertReassembledAsUnsplit(fragments("update-with-images.2-fragments.jsonl"));
    }

    @Test
    void threeFragmentsMakeTheEventTheDecoderReadsUnsplit() throws IOException {
        assertReassembledAsUnsplit(fragments("update-with-images.3-fragments.jsonl"));
    }

    @Test
    void theWholeEventIsReachedOnlyAtItsLastFragmentAndCarriesThatFragmentsResumeToken() throws IOException {
        List<BsonDocument> fragments = fragments("update-with-images.3-fragments.jsonl");

        assertThat(assembler.accept(fragments.get(0))).isEmpty();
        assertThat(assembler.holdsPartialEvent()).isTrue();
        assertThat(assembler.accept(fragments.get(1))).isEmpty();
        assertThat(assembler.holdsPartialEvent()).isTrue();
        BsonDocument whole = assembler.accept(fragments.get(2)).orElseThrow();

        assertThat(assembler.holdsPartialEvent()).isFalse();
        assertThat(whole.getDocument("_id")).isEqualTo(fragments.get(2).getDocument("_id")).isNotEqualTo(fragments.get(0).getDocument("_id"));
        assertThat(whole).doesNotContainKey("splitEvent");
    }

    @Test
    void aWholeEventPassesThroughAsItIs() throws IOException {
        BsonDocument unsplit = unsplit();
        assertThat(assembler.accept(unsplit)).containsSame(unsplit);
        assertThat(assembler.holdsPartialEvent()).isFalse();
    }

    @Test
    void missingRepeatedOrReorderedFragmentsAreRefusedAndNoEventComesOut() throws IOException {
        List<BsonDocument> three = fragments("update-with-images.3-fragments.jsonl");
        List<BsonDocument> two = fragments("update-with-images.2-fragments.jsonl");

        assertRefused(List.of(three.get(0), three.get(2)), "fragment 3 of 3 came after fragment 1 of 3");
        assertRefused(List.of(three.get(1)), "fragment 2 of 3 came after a whole event");
        assertRefused(List.of(three.get(0), three.get(0)), "fragment 1 of 3 came after fragment 1 of 3");
        assertRefused(List.of(three.get(0), two.get(1)), "fragment 2 of 2 came after fragment 1 of 3");
        assertRefused(List.of(three.get(0), unsplit()), "an unsplit event came after fragment 1 of 3");
        BsonDocument beyond = three.get(2).clone();
        beyond.getDocument("splitEvent").put("fragment", new org.bson.BsonInt32(4));
        assertRefused(List.of(beyond), "a fragment says it is 4 of 3");
    }

    private void assertRefused(List<BsonDocument> sequence, String why) {
        SplitEventAssembler fresh = new SplitEventAssembler("the change stream of MongoDB at db1:27017");
        List<BsonDocument> wholeEvents = new ArrayList<>();
        assertThatThrownBy(() -> sequence.forEach(document -> fresh.accept(document).ifPresent(wholeEvents::add)))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ_FAILED))
                .hasMessageContaining(why).hasMessageContaining("fragments are missing or out of order")
                .hasMessageContaining("MongoDB at db1:27017");
        assertThat(wholeEvents).as(why).isEmpty();
    }

    private void assertReassembledAsUnsplit(List<BsonDocument> fragments) throws IOException {
        Optional<BsonDocument> whole = Optional.empty();
        for (BsonDocument fragment : fragments) {
            assertThat(whole).as("an event before its last fragment").isEmpty();
            whole = assembler.accept(fragment);
        }
        BsonDocument unsplit = unsplit();
        BsonDocument expected = unsplit.clone();
        expected.put("_id", fragments.get(fragments.size() - 1).get("_id"));
        assertThat(whole).contains(expected);
        assertThat(List.copyOf(whole.orElseThrow().keySet())).isEqualTo(List.copyOf(unsplit.keySet()));

        ChangeStreamPosition position = ChangeStreamPosition.ofEvent(new org.bson.BsonTimestamp(1_705_636_548, 7), 0,
                expected.getDocument("_id").getString("_data").getValue());
        var fromFragments = decoder().decode(MongoStreamReader.decode(whole.orElseThrow()), position);
        var fromUnsplit = decoder().decode(MongoStreamReader.decode(unsplit), position);
        assertThat(fromFragments).hasSize(1).isEqualTo(fromUnsplit);
        DataChangeEvent update = (DataChangeEvent) fromFragments.get(0);
        assertThat(update.before()).as("the pre-image, from the last fragment").isPresent();
        assertThat(update.after()).as("the post-image").isPresent();
    }

    private static ChangeEventDecoder decoder() {
        return new ChangeEventDecoder(SCHEMAS, Optional.empty(), new DocumentRows(false));
    }

    static BsonDocument unsplit() throws IOException {
        return BsonDocument.parse(resource("update-with-images.json"));
    }

    static List<BsonDocument> fragments(String file) throws IOException {
        return resource(file).lines().filter(line -> !line.isBlank()).map(BsonDocument::parse).toList();
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = SplitEventAssemblerTest.class.getResourceAsStream("/change-events/split/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
