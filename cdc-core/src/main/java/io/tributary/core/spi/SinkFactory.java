package io.tributary.core.spi;

import org.apache.flink.configuration.Configuration;

/** Creates a pipeline sink from the options of the pipeline file's {@code sink} block. */
public interface SinkFactory extends ConnectorFactory {
    PipelineSink createSink(Configuration options, PipelineContext context);
}
