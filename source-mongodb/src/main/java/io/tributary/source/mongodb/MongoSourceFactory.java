package io.tributary.source.mongodb;

import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.SourceFactory;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** The {@code mongodb} source: a chunked, lock-free snapshot of collections handing off to their change stream. */
public final class MongoSourceFactory implements SourceFactory {
    public static final String IDENTIFIER = "mongodb";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return MongoSourceOptions.REQUIRED;
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return MongoSourceOptions.OPTIONAL;
    }

    @Override
    public PipelineSource createSource(Configuration options, PipelineContext context) {
        return new MongoSource(new MongoDialect(MongoSourceOptions.from(options)));
    }
}
