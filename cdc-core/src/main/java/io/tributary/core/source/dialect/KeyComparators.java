package io.tributary.core.source.dialect;

import java.util.Arrays;
import java.util.Comparator;

/** Orders primary-key tuples for locating a key among chunk ranges. */
public final class KeyComparators {
    private static final Comparator<Object[]> NATURAL = KeyComparators::compareNatural;

    private KeyComparators() {}

    /** Column by column, each value by its natural order, byte arrays unsigned; nulls first. */
    public static Comparator<Object[]> natural() {
        return NATURAL;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareNatural(Object[] left, Object[] right) {
        int n = Math.min(left.length, right.length);
        for (int i = 0; i < n; i++) {
            Object a = left[i];
            Object b = right[i];
            int c;
            if (a == null || b == null) {
                c = a == null ? (b == null ? 0 : -1) : 1;
            } else if (a instanceof byte[] x && b instanceof byte[] y) {
                c = Arrays.compareUnsigned(x, y);
            } else if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
                c = new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString()));
            } else {
                c = ((Comparable) a).compareTo(b);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.length, right.length);
    }
}
