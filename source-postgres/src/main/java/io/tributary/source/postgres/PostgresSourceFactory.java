package io.tributary.source.postgres;

import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSource;
import io.tributary.source.jdbc.JdbcSource;
import io.tributary.source.jdbc.JdbcSourceFactory;
import org.apache.flink.configuration.Configuration;

/**
 * The {@code postgres} source: a chunked, lock-free snapshot read under exported snapshots, then
 * changes from a pgoutput logical replication slot, for PostgreSQL 10 and later.
 */
public final class PostgresSourceFactory extends JdbcSourceFactory {
    public static final String IDENTIFIER = "postgres";

    public PostgresSourceFactory() {
        super(IDENTIFIER, PostgresSourceOptions.DEFINITIONS, PostgresSourceOptions.INERT);
    }

    @Override
    public PipelineSource createSource(Configuration options, PipelineContext context) {
        return new JdbcSource<>(new PostgresDialect(PostgresSourceOptions.from(options)), PostgresSourceValidator::new);
    }
}
