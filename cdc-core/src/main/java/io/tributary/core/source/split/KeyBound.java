package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Arrays;

/** One end of a chunk's key range: a primary-key tuple and whether the tuple itself belongs to the chunk. */
public record KeyBound(Object[] key, boolean inclusive) implements Serializable {
    public KeyBound {
        requireNonNull(key, "key is null");
        if (key.length == 0) {
            throw new IllegalArgumentException("key is empty");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyBound that && inclusive == that.inclusive && Arrays.deepEquals(key, that.key);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(key) + Boolean.hashCode(inclusive);
    }

    @Override
    public String toString() {
        return (inclusive ? "=" : "") + Arrays.deepToString(key);
    }
}
