package io.tributary.core.transform.expression.functions;

/** Not a function: no eval method. */
public class WithoutEval {
    public Integer apply(Integer value) {
        return value;
    }
}
