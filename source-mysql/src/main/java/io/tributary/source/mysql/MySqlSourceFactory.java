package io.tributary.source.mysql;

import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSource;
import io.tributary.source.jdbc.JdbcSource;
import io.tributary.source.jdbc.JdbcSourceFactory;
import org.apache.flink.configuration.Configuration;

/**
 * The {@code mysql} source, for MySQL and MariaDB alike (the flavour is detected when connecting):
 * a chunked, lock-free snapshot read in consistent-snapshot transactions.
 */
public final class MySqlSourceFactory extends JdbcSourceFactory {
    public static final String IDENTIFIER = "mysql";

    public MySqlSourceFactory() {
        super(IDENTIFIER, MySqlSourceOptions.DEFINITIONS, MySqlSourceOptions.INERT);
    }

    @Override
    public PipelineSource createSource(Configuration options, PipelineContext context) {
        return new JdbcSource<>(new MySqlDialect(MySqlSourceOptions.from(options)), MySqlSourceValidator::new);
    }
}
