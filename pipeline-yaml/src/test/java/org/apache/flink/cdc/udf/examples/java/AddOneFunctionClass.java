package org.apache.flink.cdc.udf.examples.java;

/** The user-defined function Flink CDC's transform page declares as addone (test class under the example's name). */
public class AddOneFunctionClass {
    public Integer eval(Integer value) {
        return value + 1;
    }
}
