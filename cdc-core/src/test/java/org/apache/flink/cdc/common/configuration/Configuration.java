package org.apache.flink.cdc.common.configuration;

import java.util.HashMap;
import java.util.Map;

/** A test stand-in with the part of Flink CDC's Configuration that Tributary calls (fromMap), and a lookup for the test function. */
public final class Configuration {
    private final Map<String, String> values;

    private Configuration(Map<String, String> values) {
        this.values = new HashMap<>(values);
    }

    public static Configuration fromMap(Map<String, String> map) {
        return new Configuration(map);
    }

    public String get(String key) {
        return values.get(key);
    }
}
