package io.tributary.core.transform.expression;

import java.util.List;

/** A function the pipeline declares, ready to be called by compiled expressions of one operator. */
interface UserFunction extends AutoCloseable {
    /**
     * A call of the function with {@code args}.
     *
     * @throws ExpressionException when the function cannot take these arguments
     */
    TypedExpression compile(List<TypedExpression> args, String text, boolean checkTypes);

    /** Prepares the function before its first call (connections, caches). */
    void open() throws Exception;

    @Override
    void close() throws Exception;
}
