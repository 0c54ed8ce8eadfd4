package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.spi.InertOption;
import io.tributary.core.spi.InertPrefix;
import io.tributary.core.spi.SourceFactory;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/**
 * A JDBC source's entry point: its pipeline type and the options its block may hold, Flink CDC's
 * {@code jdbc.properties.*} (passed to the driver) and the Flink CDC options it accepts without
 * effect ({@code debezium.*} among them).
 */
public abstract class JdbcSourceFactory implements SourceFactory {
    private final String identifier;
    private final Set<ConfigOption<?>> requiredOptions;
    private final Set<ConfigOption<?>> optionalOptions;
    private final JdbcInertOptions inertOptions;

    protected JdbcSourceFactory(String identifier, JdbcSourceOptions.Definitions definitions, JdbcInertOptions inertOptions) {
        this.identifier = requireNonNull(identifier, "identifier is null");
        requireNonNull(definitions, "definitions is null");
        this.requiredOptions = definitions.requiredOptions();
        this.optionalOptions = definitions.optionalOptions();
        this.inertOptions = requireNonNull(inertOptions, "inertOptions is null");
    }

    @Override
    public final String identifier() {
        return identifier;
    }

    @Override
    public final Set<ConfigOption<?>> requiredOptions() {
        return requiredOptions;
    }

    @Override
    public final Set<ConfigOption<?>> optionalOptions() {
        return optionalOptions;
    }

    @Override
    public final Set<String> passThroughPrefixes() {
        return inertOptions.passesDebeziumOptions() ? Set.of(JdbcSourceOptions.JDBC_PROPERTIES_PREFIX, JdbcInertOptions.DEBEZIUM_PREFIX)
                : Set.of(JdbcSourceOptions.JDBC_PROPERTIES_PREFIX);
    }

    @Override
    public final Set<InertOption> inertOptions() {
        return inertOptions.all();
    }

    @Override
    public final Set<InertPrefix> inertPrefixes() {
        return inertOptions.prefixes();
    }
}
