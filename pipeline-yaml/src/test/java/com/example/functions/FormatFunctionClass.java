package com.example.functions;

/** The user-defined function Flink CDC's data pipeline page declares as format (test class under the example's name). */
public class FormatFunctionClass {
    public String eval(String format, Object... args) {
        return String.format(format, args);
    }
}
