package io.tributary.core.transform.expression.functions;

/** A varargs eval, as Flink CDC's format example has. */
public class Formatted {
    public String eval(String format, Object... args) {
        return String.format(format, args);
    }
}
