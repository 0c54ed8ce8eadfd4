package io.tributary.source.mysql;

import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.SourceFactory;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The {@code mysql} source, for MySQL and MariaDB alike (the flavour is detected when connecting):
 * a chunked, lock-free snapshot read in consistent-snapshot transactions.
 */
public final class MySqlSourceFactory implements SourceFactory {
    public static final String IDENTIFIER = "mysql";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return MySqlSourceOptions.requiredOptions();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return MySqlSourceOptions.optionalOptions();
    }

    @Override
    public PipelineSource createSource(Configuration options, PipelineContext context) {
        return new MySqlSource(MySqlSourceOptions.from(options));
    }
}
