package io.tributary.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.source.split.ChunkRange;
import io.tributary.source.mongodb.snapshot.IdRangeFilter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class BsonOrderTest {
    @Test
    void idsOfMixedTypesSortAsMongoDbSortsThem() {
        List<BsonValue> expected = List.of(new BsonMinKey(), BsonNull.VALUE, new BsonDouble(Double.NaN), new BsonInt64(-5), new BsonDouble(-0.5),
                new BsonInt32(0), new BsonDecimal128(Decimal128.parse("0.5")), new BsonInt32(1), new BsonInt64(10_000_000_000L),
                new BsonDouble(Double.POSITIVE_INFINITY), new BsonString(""), new BsonString("B"), new BsonString("a"),
                new BsonString("\uFFFD"), new BsonString("\uD83D\uDE00"), new BsonDocument("a", new BsonInt32(1)),
                new BsonObjectId(new ObjectId("000000000000000000000001")), new BsonObjectId(new ObjectId("ff0000000000000000000000")),
                BsonBoolean.FALSE, BsonBoolean.TRUE, new BsonDateTime(-1), new BsonDateTime(0), new BsonMaxKey());
        List<BsonValue> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new java.util.Random(3));
        shuffled.sort(BsonOrder.INSTANCE);
        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void numbersOfEveryWidthAreEqualWhenTheirValuesAre() {
        assertThat(BsonOrder.INSTANCE.compare(new BsonInt32(7), new BsonInt64(7))).isZero();
        assertThat(BsonOrder.INSTANCE.compare(new BsonInt64(7), new BsonDouble(7.0))).isZero();
        assertThat(BsonOrder.INSTANCE.compare(new BsonDouble(7.0), new BsonDecimal128(Decimal128.parse("7.00")))).isZero();
    }

    @Test
    void extendedJsonIdsRoundTripAndOrderByTheIdsTheyStandFor() {
        BsonValue objectId = new BsonObjectId(new ObjectId("65a9f2c3a1b2c3d4e5f60718"));
        for (BsonValue id : List.of(new BsonInt32(3), new BsonInt64(10_000_000_000L), new BsonString("key-1"), objectId, new BsonDateTime(5))) {
            Object column = IdKind.EXTENDED_JSON.toColumn(id, io.tributary.core.model.TableId.ofDatabaseTable("d", "c"));
            assertThat(BsonOrder.INSTANCE.compare(IdKind.EXTENDED_JSON.toBson(column), id)).as(String.valueOf(column)).isZero();
        }
        IdOrder order = new IdOrder(IdKind.EXTENDED_JSON);
        assertThat(order.compare(new Object[] {"2"}, new Object[] {"10"})).as("numbers by value, not text").isNegative();
        assertThat(order.compare(new Object[] {"10"}, new Object[] {"\"1\""})).as("numbers before strings").isNegative();
    }

    @Test
    void aRangeAcrossTypesMatchesItsBoundsBracketsAndEveryBracketBetween() {
        ChunkRange range = ChunkRange.of(Optional.of(new Object[] {"10"}), Optional.of(new Object[] {"{\"$oid\": \"65a9f2c3a1b2c3d4e5f60718\"}"}));
        BsonDocument filter = IdRangeFilter.of(range, IdKind.EXTENDED_JSON);

        assertThat(filter.toJson()).contains("{\"_id\": {\"$gte\": 10}}", "{\"_id\": {\"$lt\": {\"$oid\": \"65a9f2c3a1b2c3d4e5f60718\"}}}",
                "{\"$type\": \"string\"}", "{\"$type\": \"object\"}", "{\"$type\": \"binData\"}").doesNotContain("\"null\"", "\"bool\"", "\"minKey\"");
        ChunkRange sameType = ChunkRange.of(Optional.of(new Object[] {1}), Optional.of(new Object[] {100}));
        assertThat(IdRangeFilter.of(sameType, IdKind.INT32).toJson()).isEqualTo("{\"_id\": {\"$gte\": 1, \"$lt\": 100}}");
    }
}
