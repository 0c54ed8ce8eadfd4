package io.tributary.core.transform.expression.functions;

/** Overloaded eval methods, by count and type of arguments. */
public class Greeting {
    public String eval(String name) {
        return "hello " + name;
    }

    public String eval(String name, int times) {
        return ("hello " + name + " ").repeat(times).trim();
    }

    public String eval(Long number) {
        return "number " + number;
    }
}
