package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/**
 * The primary-key range of a snapshot chunk. An absent bound is unbounded on that side, so the
 * first and last chunks of a table also hold rows inserted beyond the boundaries seen when
 * splitting. {@link #all()} covers a whole table (and is the only range of a table without a key).
 */
public record ChunkRange(Optional<KeyBound> lower, Optional<KeyBound> upper) implements Serializable {
    public ChunkRange {
        requireNonNull(lower, "lower is null");
        requireNonNull(upper, "upper is null");
    }

    public static ChunkRange all() {
        return new ChunkRange(Optional.empty(), Optional.empty());
    }

    /** {@code [lower, upper)} with either side optionally unbounded. */
    public static ChunkRange of(Optional<Object[]> lowerInclusive, Optional<Object[]> upperExclusive) {
        return new ChunkRange(lowerInclusive.map(k -> new KeyBound(k, true)), upperExclusive.map(k -> new KeyBound(k, false)));
    }

    public boolean isWholeTable() {
        return lower.isEmpty() && upper.isEmpty();
    }

    /** The part of this range after {@code key} (exclusive): what is left once rows up to key are read. */
    public ChunkRange after(Object[] key) {
        return new ChunkRange(Optional.of(new KeyBound(key, false)), upper);
    }

    /** The part of this range up to and including {@code key}. */
    public ChunkRange upTo(Object[] key) {
        return new ChunkRange(lower, Optional.of(new KeyBound(key, true)));
    }

    @Override
    public String toString() {
        return (lower.map(b -> (b.inclusive() ? "[" : "(") + java.util.Arrays.deepToString(b.key())).orElse("(-inf"))
                + ", "
                + (upper.map(b -> java.util.Arrays.deepToString(b.key()) + (b.inclusive() ? "]" : ")")).orElse("+inf)"));
    }
}
