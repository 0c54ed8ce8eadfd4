package io.tributary.core.sink.blackhole;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.SinkFactory;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** Creates the {@code type: blackhole} sink, which counts events and discards them: for benchmarks and dry runs. */
public final class BlackholeSinkFactory implements SinkFactory {
    public static final String IDENTIFIER = "blackhole";

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
        return Set.of(BlackholeSinkOptions.LOG_INTERVAL);
    }

    @Override
    public PipelineSink createSink(Configuration options, PipelineContext context) {
        Duration interval = options.get(BlackholeSinkOptions.LOG_INTERVAL);
        if (interval.isNegative() || interval.isZero()) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID,
                    BlackholeSinkOptions.LOG_INTERVAL.key() + " is " + interval + "; set a positive duration such as 5s.");
        }
        return new BlackholeSink(context.pipelineName(), interval);
    }
}
