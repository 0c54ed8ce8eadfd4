package io.tributary.source.oracle;

import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSource;
import io.tributary.source.jdbc.JdbcInertOptions;
import io.tributary.source.jdbc.JdbcSource;
import io.tributary.source.jdbc.JdbcSourceFactory;
import io.tributary.source.oracle.stream.OracleEngineProperties;
import java.util.Set;
import org.apache.flink.configuration.Configuration;

/**
 * The {@code oracle} source: a chunked snapshot read without locks as of one SCN per epoch, then
 * the redo log read by Debezium's Oracle connector (LogMiner) from the SCN the stream starts
 * after. Options under {@code debezium.} go to the connector, except those the source owns.
 */
public final class OracleSourceFactory extends JdbcSourceFactory {
    public static final String IDENTIFIER = "oracle";

    static final JdbcInertOptions INERT = new JdbcInertOptions("Debezium's Oracle connector", Set.of(), true);

    public OracleSourceFactory() {
        super(IDENTIFIER, OracleSourceOptions.DEFINITIONS, INERT);
    }

    @Override
    public PipelineSource createSource(Configuration options, PipelineContext context) {
        OracleSourceOptions parsed = OracleSourceOptions.from(options);
        // Refuses debezium.* keys the source owns, and the ones that drop transactions, before anything connects.
        OracleEngineProperties.of(parsed, new OracleEngineProperties.Binding("-", "-", false, false));
        return new JdbcSource<>(new OracleDialect(parsed), OracleSourceValidator::new);
    }
}
