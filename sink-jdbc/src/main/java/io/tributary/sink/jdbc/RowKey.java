package io.tributary.sink.jdbc;

import java.util.Arrays;

/** The primary-key values of a row, compared by content (so byte[] keys work). */
final class RowKey {
    private final Object[] values;
    private final int hash;

    private RowKey(Object[] values) {
        this.values = values;
        this.hash = Arrays.deepHashCode(values);
    }

    static RowKey of(Object[] row, int[] keyIndexes) {
        Object[] values = new Object[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            values[i] = row[keyIndexes[i]];
        }
        return new RowKey(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowKey that && hash == that.hash && Arrays.deepEquals(values, that.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.deepToString(values);
    }
}
