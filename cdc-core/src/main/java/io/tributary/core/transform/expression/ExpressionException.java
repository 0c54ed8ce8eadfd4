package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

/**
 * A transform expression that cannot be parsed, compiled or evaluated. The message names the
 * expression and the problem; callers add where the expression came from (file and line, or table).
 */
public final class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExpressionException(String message) {
        super(requireNonNull(message, "message is null"));
    }

    public ExpressionException(String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
    }
}
