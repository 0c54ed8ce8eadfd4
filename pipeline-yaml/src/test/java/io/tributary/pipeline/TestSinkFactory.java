package io.tributary.pipeline;

import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.SinkFactory;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

/** A sink type {@code test-sink} with a required URL, typed optional keys and a {@code properties.} prefix. */
public final class TestSinkFactory implements SinkFactory {
    static final ConfigOption<String> URL = ConfigOptions.key("url").stringType().noDefaultValue().withDescription("The JDBC URL of the target database.");
    static final ConfigOption<String> USERNAME = ConfigOptions.key("username").stringType().noDefaultValue();
    static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue();
    static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("batch.size").intType().defaultValue(1000);
    static final ConfigOption<MemorySize> BUFFER = ConfigOptions.key("buffer.size").memoryType().defaultValue(MemorySize.parse("16mb"));

    @Override
    public String identifier() {
        return "test-sink";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(URL);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(USERNAME, PASSWORD, BATCH_SIZE, BUFFER);
    }

    @Override
    public Set<String> passThroughPrefixes() {
        return Set.of("properties.");
    }

    @Override
    public PipelineSink createSink(Configuration options, PipelineContext context) {
        throw new UnsupportedOperationException("test-sink only has options");
    }
}
