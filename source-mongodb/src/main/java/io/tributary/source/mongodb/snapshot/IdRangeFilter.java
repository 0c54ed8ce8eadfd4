package io.tributary.source.mongodb.snapshot;

import io.tributary.source.mongodb.BsonOrder;
import io.tributary.source.mongodb.IdKind;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.KeyBound;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * The query filter of an {@code _id} range. MongoDB's {@code $gt}/{@code $lt} only match values of
 * the bound's own type bracket, while chunks are ranges in the order of all types (numbers before
 * strings before ObjectIds, …): a range whose bounds are of different types, or that is open on a
 * side, is the bounds' own brackets plus every type bracket between them, matched by {@code $type}.
 */
public final class IdRangeFilter {
    /** Type aliases of each bracket, by {@link BsonOrder#rank}; the types an {@code _id} can have. */
    private static final int[] RANKS = {1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 100};

    private IdRangeFilter() {}

    public static BsonDocument of(ChunkRange range, IdKind kind) {
        Optional<BsonValue> lower = range.lower().map(bound -> kind.toBson(bound.key()[0]));
        Optional<BsonValue> upper = range.upper().map(bound -> kind.toBson(bound.key()[0]));
        if (lower.isEmpty() && upper.isEmpty()) {
            return new BsonDocument();
        }
        int lowerRank = lower.map(v -> BsonOrder.rank(v.getBsonType())).orElse(0);
        int upperRank = upper.map(v -> BsonOrder.rank(v.getBsonType())).orElse(Integer.MAX_VALUE);
        if (lower.isPresent() && upper.isPresent() && lowerRank == upperRank) {
            BsonDocument both = new BsonDocument(operator(range.lower().get(), true), lower.get());
            both.append(operator(range.upper().get(), false), upper.get());
            return new BsonDocument("_id", both);
        }
        List<BsonDocument> parts = new ArrayList<>();
        lower.ifPresent(value -> parts.add(new BsonDocument("_id", new BsonDocument(operator(range.lower().get(), true), value))));
        upper.ifPresent(value -> parts.add(new BsonDocument("_id", new BsonDocument(operator(range.upper().get(), false), value))));
        for (int rank : RANKS) {
            if (rank > lowerRank && rank < upperRank) {
                for (String alias : aliases(rank)) {
                    parts.add(new BsonDocument("_id", new BsonDocument("$type", new BsonString(alias))));
                }
            }
        }
        return parts.size() == 1 ? parts.get(0) : new BsonDocument("$or", new BsonArray(parts));
    }

    private static String operator(KeyBound bound, boolean lower) {
        return lower ? (bound.inclusive() ? "$gte" : "$gt") : (bound.inclusive() ? "$lte" : "$lt");
    }

    private static List<String> aliases(int rank) {
        return switch (rank) {
            case 1 -> List.of("minKey");
            case 2 -> List.of("null");
            case 3 -> List.of("int", "long", "double", "decimal");
            case 4 -> List.of("string");
            case 5 -> List.of("object");
            case 7 -> List.of("binData");
            case 8 -> List.of("objectId");
            case 9 -> List.of("bool");
            case 10 -> List.of("date");
            case 11 -> List.of("timestamp");
            case 12 -> List.of("regex");
            case 100 -> List.of("maxKey");
            default -> throw new IllegalArgumentException("no bracket of rank " + rank);
        };
    }
}
