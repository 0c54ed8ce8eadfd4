package io.tributary.pipeline;

import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.SourceFactory;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** A source type {@code test-source} whose options cover the option types the parser checks. */
public final class TestSourceFactory implements SourceFactory {
    /** How the test source starts. */
    public enum Startup {
        INITIAL,
        LATEST_OFFSET
    }

    static final ConfigOption<String> HOSTNAME =
            ConfigOptions.key("hostname").stringType().noDefaultValue().withDescription("The host name or address of the database server.");
    static final ConfigOption<String> TABLES =
            ConfigOptions.key("tables").stringType().noDefaultValue().withDescription("A regular expression over database.schema.table.");
    static final ConfigOption<Integer> PORT = ConfigOptions.key("port").intType().defaultValue(5432).withDescription("The port.");
    static final ConfigOption<String> USERNAME = ConfigOptions.key("username").stringType().noDefaultValue();
    static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue();
    static final ConfigOption<Startup> STARTUP_MODE =
            ConfigOptions.key("scan.startup.mode").enumType(Startup.class).defaultValue(Startup.INITIAL);
    static final ConfigOption<Integer> CHUNK_SIZE = ConfigOptions.key("scan.incremental.snapshot.chunk.size")
            .intType().defaultValue(8096).withDeprecatedKeys("chunk-size");
    static final ConfigOption<Duration> CONNECT_TIMEOUT =
            ConfigOptions.key("connect.timeout").durationType().defaultValue(Duration.ofSeconds(30));
    static final ConfigOption<Boolean> INCLUDE_SCHEMA_CHANGES =
            ConfigOptions.key("include-schema-changes").booleanType().defaultValue(true);

    @Override
    public String identifier() {
        return "test-source";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(HOSTNAME, TABLES);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(PORT, USERNAME, PASSWORD, STARTUP_MODE, CHUNK_SIZE, CONNECT_TIMEOUT, INCLUDE_SCHEMA_CHANGES);
    }

    @Override
    public Set<String> passThroughPrefixes() {
        return Set.of("debezium.");
    }

    @Override
    public PipelineSource createSource(Configuration options, PipelineContext context) {
        throw new UnsupportedOperationException("test-source only has options");
    }
}
