package com.example.functions;

/** The user-defined function Flink CDC's data pipeline page declares as addone (test class under the example's name). */
public class AddOneFunctionClass {
    public Integer eval(Integer value) {
        return value + 1;
    }
}
