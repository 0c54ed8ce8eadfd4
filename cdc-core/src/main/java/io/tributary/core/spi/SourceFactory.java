package io.tributary.core.spi;

import org.apache.flink.configuration.Configuration;

/** Creates a pipeline source from the options of the pipeline file's {@code source} block. */
public interface SourceFactory extends ConnectorFactory {
    PipelineSource createSource(Configuration options, PipelineContext context);
}
