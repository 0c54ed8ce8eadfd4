package com.example.flink.cdc.udf;

import java.util.Map;

/**
 * The function Flink CDC's transform page declares as query_redis with options (test class under
 * the example's name): it looks keys up in a fixed map instead of a Redis server.
 */
public class RedisQueryFunction {
    private Map<String, String> values;

    public void open() {
        values = Map.of("greeting", "hello");
    }

    public String eval(String key) {
        return values.get(key);
    }

    public void close() {
        values = null;
    }
}
