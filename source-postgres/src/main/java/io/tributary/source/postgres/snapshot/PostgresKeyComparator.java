package io.tributary.source.postgres.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;

/**
 * Orders primary-key tuples (values in key order) exactly as the chunk queries order them (see
 * {@code KeyLayout}): numbers, dates and times naturally, real/double with -0 equal to 0 and NaN
 * last, uuid and bytea as unsigned bytes, booleans false first, and text by Unicode code point —
 * PostgreSQL's C-collation order in UTF8 — with trailing blanks of char(n) ignored as PostgreSQL
 * ignores them.
 */
public final class PostgresKeyComparator implements Comparator<Object[]>, Serializable {
    private static final long serialVersionUID = 1L;

    private final TypeKind[] kinds;

    private PostgresKeyComparator(TypeKind[] kinds) {
        this.kinds = kinds;
    }

    public static PostgresKeyComparator of(TableSchema schema) {
        requireNonNull(schema, "schema is null");
        return new PostgresKeyComparator(schema.primaryKey().stream()
                .map(name -> schema.column(name).orElseThrow().type().kind())
                .toArray(TypeKind[]::new));
    }

    @Override
    public int compare(Object[] left, Object[] right) {
        int n = Math.min(left.length, right.length);
        for (int i = 0; i < n; i++) {
            int c = compareValues(i < kinds.length ? kinds[i] : null, left[i], right[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(TypeKind kind, Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (kind == TypeKind.CHAR) {
            return compareCodePoints(trimTrailingBlanks((String) a), trimTrailingBlanks((String) b));
        }
        if (a instanceof String x) {
            return compareCodePoints(x, (String) b);
        }
        if (a instanceof UUID x) {
            UUID y = (UUID) b;
            int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
            return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
        }
        if (a instanceof byte[] x) {
            return Arrays.compareUnsigned(x, (byte[]) b);
        }
        if (a instanceof Double x) {
            double y = (Double) b;
            return x == y ? 0 : Double.compare(x, y);
        }
        if (a instanceof Float x) {
            float y = (Float) b;
            return x == y ? 0 : Float.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        return ((Comparable) a).compareTo(b);
    }

    /** Code point order, which is the byte order of the strings' UTF-8 encodings. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static String trimTrailingBlanks(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == ' ') {
            end--;
        }
        return value.substring(0, end);
    }
}
