package io.tributary.core.transform.expression.functions;

import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/** A Flink ScalarFunction: upper-cases text; it records whether its lifecycle hooks ran. */
public class Shout extends ScalarFunction {
    public static volatile boolean hooksCalled;

    public String eval(String text) {
        return text.toUpperCase(java.util.Locale.ROOT) + "!";
    }

    @Override
    public void open(FunctionContext context) {
        hooksCalled = true;
    }

    @Override
    public void close() {
        hooksCalled = true;
    }
}
