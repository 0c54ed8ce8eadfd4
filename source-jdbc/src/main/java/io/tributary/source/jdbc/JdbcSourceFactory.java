package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.spi.SourceFactory;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/** A JDBC source's entry point: its pipeline type and the options its block may hold. */
public abstract class JdbcSourceFactory implements SourceFactory {
    private final String identifier;
    private final Set<ConfigOption<?>> requiredOptions;
    private final Set<ConfigOption<?>> optionalOptions;

    protected JdbcSourceFactory(String identifier, JdbcSourceOptions.Definitions definitions) {
        this.identifier = requireNonNull(identifier, "identifier is null");
        requireNonNull(definitions, "definitions is null");
        this.requiredOptions = definitions.requiredOptions();
        this.optionalOptions = definitions.optionalOptions();
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
}
