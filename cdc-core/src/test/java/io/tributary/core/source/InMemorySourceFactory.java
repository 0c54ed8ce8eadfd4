package io.tributary.core.source;

import io.tributary.core.model.Event;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.SinkRecovery;
import io.tributary.core.spi.SourceFactory;
import io.tributary.core.spi.ValidationReport;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Test source {@code type: in-memory} over a named {@link InMemoryDatabase}. */
public final class InMemorySourceFactory implements SourceFactory {
    static final ConfigOption<String> DATABASE = ConfigOptions.key("database").stringType().noDefaultValue().withDescription("database name");
    static final ConfigOption<Integer> CHUNK_SIZE = ConfigOptions.key("chunk.size").intType().defaultValue(100).withDescription("rows per chunk");
    static final ConfigOption<Long> CHUNK_DELAY = ConfigOptions.key("chunk.delay-ms").longType().defaultValue(0L).withDescription("pause before each chunk");
    static final ConfigOption<String> MODE = ConfigOptions.key("scan.startup.mode").stringType().defaultValue("initial").withDescription("startup mode");

    @Override
    public String identifier() {
        return "in-memory";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(DATABASE);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(CHUNK_SIZE, MODE, CHUNK_DELAY);
    }

    @Override
    public PipelineSource createSource(Configuration options, PipelineContext context) {
        InMemoryDialect dialect = new InMemoryDialect(options.get(DATABASE), options.get(CHUNK_SIZE), options.get(CHUNK_DELAY));
        StartupMode mode = StartupMode.fromOptionValue(options.get(MODE));
        return new PipelineSource() {
            @Override
            public ValidationReport validate() {
                return new ValidationReport("in-memory", List.of("database " + options.get(DATABASE)));
            }

            @Override
            public Source<Event, ?, ?> createFlinkSource(SinkRecovery sinkRecovery) {
                return new IncrementalSnapshotSource<>(dialect, mode, sinkRecovery);
            }

            @Override
            public boolean isBounded() {
                return !mode.streams();
            }
        };
    }
}
