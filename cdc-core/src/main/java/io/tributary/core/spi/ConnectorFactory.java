package io.tributary.core.spi;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/**
 * A connector's entry point, found by {@link java.util.ServiceLoader} under the {@code type} the
 * pipeline file names. The options it declares are the only keys its block may contain.
 */
public interface ConnectorFactory {
    /** The pipeline file's {@code type}, e.g. {@code postgres}. */
    String identifier();

    Set<ConfigOption<?>> requiredOptions();

    Set<ConfigOption<?>> optionalOptions();

    /**
     * Key prefixes passed through without validation (e.g. {@code properties.} or
     * {@code debezium.}); empty when the connector has none.
     */
    default Set<String> passThroughPrefixes() {
        return Set.of();
    }

    /** Options accepted for Flink CDC compatibility that have no effect here; empty when there are none. */
    default Set<InertOption> inertOptions() {
        return Set.of();
    }

    /** Key prefixes accepted for Flink CDC compatibility whose keys have no effect here; empty when there are none. */
    default Set<InertPrefix> inertPrefixes() {
        return Set.of();
    }
}
