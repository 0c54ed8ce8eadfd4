package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.ValidationReport;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Writes a pipeline's changes into PostgreSQL or MySQL/MariaDB tables, creating and altering them
 * as the source's schema changes. Exactly-once for tables with a primary key (every write is an
 * idempotent upsert or delete committed before the checkpoint); at-least-once for tables without.
 */
public final class JdbcSink implements PipelineSink {
    private static final long serialVersionUID = 1L;

    private final JdbcSinkConfig config;
    private final String pipelineName;

    public JdbcSink(JdbcSinkConfig config, String pipelineName) {
        this.config = requireNonNull(config, "config is null");
        this.pipelineName = requireNonNull(pipelineName, "pipelineName is null");
        JdbcDialect.forUrl(config.url());
    }

    public JdbcSinkConfig config() {
        return config;
    }

    @Override
    public ValidationReport validate() {
        return new ValidationReport(JdbcSinkFactory.IDENTIFIER, new JdbcTargetValidator(config).validate());
    }

    @Override
    public Sink<Event> createFlinkSink() {
        return new JdbcFlinkSink(config, pipelineName);
    }
}
