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

    protected JdbcSourceFactory(String identifier, Set<ConfigOption<?>> requiredOptions, Set<ConfigOption<?>> optionalOptions) {
        this.identifier = requireNonNull(identifier, "identifier is null");
        this.requiredOptions = Set.copyOf(requireNonNull(requiredOptions, "requiredOptions is null"));
        this.optionalOptions = Set.copyOf(requireNonNull(optionalOptions, "optionalOptions is null"));
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
