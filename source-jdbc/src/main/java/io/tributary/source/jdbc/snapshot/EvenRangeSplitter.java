package io.tributary.source.jdbc.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.split.ChunkRange;
import java.util.Optional;

/**
 * Cuts a dense single-column integer key into ranges of equal width computed from its minimum and
 * maximum, without reading the table.
 */
final class EvenRangeSplitter implements ChunkSplitter {
    private final TypeKind keyKind;
    private final long max;
    private final long step;
    /** The next chunk's lower bound (inclusive); empty for the table's first chunk. */
    private Optional<Long> lower;
    /** Where the next chunk's width is counted from. */
    private long start;
    private boolean done;

    /**
     * @param lower the first chunk's lower bound (inclusive), or empty to start at the table's start
     * @param min the key's minimum, from which the first boundary is counted when {@code lower} is empty
     * @param max the key's maximum: the last chunk starts at or below it and is unbounded above
     * @param step the key width of a chunk
     */
    EvenRangeSplitter(TypeKind keyKind, Optional<Long> lower, long min, long max, long step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be positive: " + step);
        }
        this.keyKind = requireNonNull(keyKind, "keyKind is null");
        this.lower = requireNonNull(lower, "lower is null");
        this.start = lower.orElse(min);
        this.max = max;
        this.step = step;
    }

    @Override
    public Optional<ChunkRange> next() {
        if (done) {
            return Optional.empty();
        }
        Optional<Object[]> lowerKey = lower.map(this::key);
        long upper = start > Long.MAX_VALUE - step ? Long.MAX_VALUE : start + step;
        if (upper > max || upper == Long.MAX_VALUE) {
            done = true;
            return Optional.of(ChunkRange.of(lowerKey, Optional.empty()));
        }
        lower = Optional.of(upper);
        start = upper;
        return Optional.of(ChunkRange.of(lowerKey, Optional.of(key(upper))));
    }

    private Object[] key(long value) {
        Object key = switch (keyKind) {
            case SMALLINT -> (short) value;
            case INTEGER -> (int) value;
            case BIGINT -> value;
            default -> throw new IllegalStateException("not an integer key: " + keyKind);
        };
        return new Object[] {key};
    }

    @Override
    public void close() {}
}
