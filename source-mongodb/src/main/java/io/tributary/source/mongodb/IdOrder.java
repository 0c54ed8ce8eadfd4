package io.tributary.source.mongodb;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.ChunkKeyOrder;

/** Orders {@code _id} column values (chunk bounds) as MongoDB orders the ids they stand for. */
record IdOrder(IdKind kind) implements ChunkKeyOrder {
    IdOrder {
        requireNonNull(kind, "kind is null");
    }

    @Override
    public int compare(Object[] left, Object[] right) {
        return BsonOrder.INSTANCE.compare(kind.toBson(left[0]), kind.toBson(right[0]));
    }
}
