package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A transform expression that cannot be parsed, compiled or evaluated. The message names the
 * expression and the problem; callers add where the expression came from (file and line, or table).
 */
public final class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ExpressionException(String message) {
        this(null, message, null);
    }

    public ExpressionException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /**
     * @param key the transform key whose value is wrong ({@code projection}, {@code filter},
     *     {@code primary-keys}, {@code partition-keys}), or null when not known
     */
    public ExpressionException(String key, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.key = key;
    }

    /** The transform key whose value is wrong, where known: where a message about a file points. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
