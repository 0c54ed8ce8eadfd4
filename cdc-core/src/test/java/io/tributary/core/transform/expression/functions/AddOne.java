package io.tributary.core.transform.expression.functions;

import java.util.concurrent.atomic.AtomicInteger;

/** A user-defined function for tests: n + 1, counting how often it was opened and closed. */
public class AddOne {
    public static final AtomicInteger OPENED = new AtomicInteger();
    public static final AtomicInteger CLOSED = new AtomicInteger();

    public Integer eval(Integer value) {
        return value + 1;
    }

    public void open() {
        OPENED.incrementAndGet();
    }

    public void close() {
        CLOSED.incrementAndGet();
    }
}
