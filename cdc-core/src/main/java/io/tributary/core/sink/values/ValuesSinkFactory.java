package io.tributary.core.sink.values;

import io.tributary.core.spi.InertOption;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.SinkFactory;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Creates the {@code type: values} sink, Flink CDC's printing sink: every change event on standard
 * output, for trying a pipeline out.
 */
public final class ValuesSinkFactory implements SinkFactory {
    public static final String IDENTIFIER = "values";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(ValuesSinkOptions.PRINT_ENABLED, ValuesSinkOptions.ERROR_ON_SCHEMA_CHANGE);
    }

    @Override
    public Set<InertOption> inertOptions() {
        return Set.of(
                new InertOption(ValuesSinkOptions.MATERIALIZED_IN_MEMORY, "it serves Flink CDC's own tests; this sink only prints."),
                new InertOption(ValuesSinkOptions.SINK_API, "Tributary's sinks are all built on Flink's Sink V2 interface."));
    }

    @Override
    public PipelineSink createSink(Configuration options, PipelineContext context) {
        return new ValuesSink(context.pipelineName(), options.get(ValuesSinkOptions.PRINT_ENABLED), options.get(ValuesSinkOptions.ERROR_ON_SCHEMA_CHANGE));
    }
}
