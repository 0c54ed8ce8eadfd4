package io.tributary.sink.jdbc;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.schema.SchemaChangeBehavior;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.SinkFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** Creates the {@code type: jdbc} sink, which writes into PostgreSQL or MySQL/MariaDB tables. */
public final class JdbcSinkFactory implements SinkFactory {
    public static final String IDENTIFIER = "jdbc";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(JdbcSinkOptions.URL);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(JdbcSinkOptions.USERNAME, JdbcSinkOptions.PASSWORD, JdbcSinkOptions.BUFFER_FLUSH_MAX_ROWS,
                JdbcSinkOptions.MAX_RETRIES, JdbcSinkOptions.TABLE_CREATE_ENABLED, JdbcSinkOptions.DROP_TABLE_ENABLED,
                JdbcSinkOptions.DROP_COLUMN_ENABLED);
    }

    @Override
    public Set<String> passThroughPrefixes() {
        return Set.of(JdbcSinkOptions.DRIVER_PROPERTIES_PREFIX);
    }

    @Override
    public PipelineSink createSink(Configuration options, PipelineContext context) {
        boolean tryEvolve = context.schemaChangeBehavior() == SchemaChangeBehavior.TRY_EVOLVE;
        return new JdbcSink(configFrom(options).toleratingSchemaChangeFailures(tryEvolve), context.pipelineName());
    }

    /** Parses and checks the sink block's options. */
    public static JdbcSinkConfig configFrom(Configuration options) {
        String url = options.getOptional(JdbcSinkOptions.URL).orElseThrow(() -> new TributaryException(ErrorCode.CONFIG_MISSING_OPTION,
                "The jdbc sink needs a url, e.g. url: jdbc:postgresql://host:5432/database. Add it to the sink block."));
        JdbcDialect dialect = JdbcDialect.forUrl(url);
        int maxRows = options.get(JdbcSinkOptions.BUFFER_FLUSH_MAX_ROWS);
        if (maxRows < 1) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID,
                    JdbcSinkOptions.BUFFER_FLUSH_MAX_ROWS.key() + " is " + maxRows + "; set it to 1 or more.");
        }
        int maxRetries = options.get(JdbcSinkOptions.MAX_RETRIES);
        if (maxRetries < 0) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, JdbcSinkOptions.MAX_RETRIES.key() + " is " + maxRetries + "; set it to 0 or more.");
        }
        Map<String, String> driverProperties = new HashMap<>(dialect.defaultDriverProperties());
        options.toMap().forEach((key, value) -> {
            if (key.startsWith(JdbcSinkOptions.DRIVER_PROPERTIES_PREFIX)) {
                driverProperties.put(key.substring(JdbcSinkOptions.DRIVER_PROPERTIES_PREFIX.length()), value);
            }
        });
        options.getOptional(JdbcSinkOptions.USERNAME).ifPresent(user -> driverProperties.put("user", user));
        options.getOptional(JdbcSinkOptions.PASSWORD).ifPresent(password -> driverProperties.put("password", password));
        return new JdbcSinkConfig(url, driverProperties, maxRows, maxRetries, options.get(JdbcSinkOptions.TABLE_CREATE_ENABLED),
                options.get(JdbcSinkOptions.DROP_TABLE_ENABLED), options.get(JdbcSinkOptions.DROP_COLUMN_ENABLED));
    }
}
