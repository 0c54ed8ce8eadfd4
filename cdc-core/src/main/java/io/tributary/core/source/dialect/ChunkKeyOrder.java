package io.tributary.core.source.dialect;

import java.io.Serializable;
import java.util.Comparator;

/**
 * How a dialect writes a table's chunk-key values into chunk bounds, and orders bounds the way its
 * chunk queries do. The framework keeps every resume point in bound form and finds a streamed
 * change's chunk by comparing the bound form of the change's key with chunk bounds. Where the
 * values' natural order is the database's (numbers, text in a binary collation) the default,
 * {@link #natural()}, keeps values as they are; a document store whose keys mix types (a MongoDB
 * {@code _id}) or a synthetic key (an Oracle ROWID) gives bound values that carry their type and
 * a comparator that orders them as the database does. Bound values must be values of the model
 * ({@link io.tributary.core.model.TypeKind}'s classes), since checkpoints hold them.
 */
public interface ChunkKeyOrder extends Comparator<Object[]>, Serializable {
    /** The bound form of a row's chunk-key values (in key order, as taken from the row). */
    default Object[] boundOf(Object[] chunkKeyValues) {
        return chunkKeyValues;
    }

    /** Values as they are, column by column in their natural order (byte arrays unsigned, nulls first). */
    static ChunkKeyOrder natural() {
        return KeyComparators.natural()::compare;
    }
}
