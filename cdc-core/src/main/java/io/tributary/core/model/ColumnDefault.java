package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/**
 * A column's default as the source declares it: the source's text of it and, when the default is
 * a constant, its value (of the column kind's {@link TypeKind#javaClass()}). A default that the
 * database computes per row ({@code CURRENT_TIMESTAMP}, {@code nextval('s')}, a function) has no
 * value: sinks carry its text where they can but never give it to rows that existed before.
 */
public record ColumnDefault(String expression, Optional<Object> value) implements Serializable {
    public ColumnDefault {
        requireNonNull(expression, "expression is null");
        requireNonNull(value, "value is null");
    }

    /** A constant default, e.g. {@code 'web'} with the value {@code "web"}. */
    public static ColumnDefault literal(String expression, Object value) {
        return new ColumnDefault(expression, Optional.of(requireNonNull(value, "value is null")));
    }

    /** A default the database computes (a function, a sequence, the current time). */
    public static ColumnDefault computed(String expression) {
        return new ColumnDefault(expression, Optional.empty());
    }

    /** True when the default is a constant that existing rows can be given. */
    public boolean isLiteral() {
        return value.isPresent();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ColumnDefault that) || !expression.equals(that.expression)) {
            return false;
        }
        if (value.isPresent() && that.value.isPresent() && value.get() instanceof byte[] mine && that.value.get() instanceof byte[] theirs) {
            return java.util.Arrays.equals(mine, theirs);
        }
        return value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }
}
