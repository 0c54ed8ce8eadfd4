package io.tributary.core.transform.expression.functions;

/** A function whose eval throws for negative values. */
public class Failing {
    public Integer eval(Integer value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        return value;
    }
}
