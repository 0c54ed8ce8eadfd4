package io.tributary.core.source.contract;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One column type a source maps, in the source's own words, with values to store in it: each
 * value is written the way the source's fixture writes literals ({@code null} stands for NULL).
 * The suite checks that each value reads the same from the snapshot as from the change log.
 */
public record TypeSample(String nativeType, List<String> values) {
    public TypeSample {
        requireNonNull(nativeType, "nativeType is null");
        values = Collections.unmodifiableList(new ArrayList<>(requireNonNull(values, "values is null")));
        if (values.isEmpty()) {
            throw new IllegalArgumentException(nativeType + " needs at least one sample value");
        }
    }

    /** A sample whose values are given as written, with a NULL added. */
    public static TypeSample of(String nativeType, String... values) {
        List<String> all = new ArrayList<>(List.of(values));
        all.add(null);
        return new TypeSample(nativeType, all);
    }
}
