package io.tributary.source.mysql;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.source.IncrementalSnapshotSource;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.SinkRecovery;
import io.tributary.core.spi.ValidationReport;
import org.apache.flink.api.connector.source.Source;

/** A configured MySQL/MariaDB source: validates the server and builds the incremental-snapshot Flink source. */
public final class MySqlSource implements PipelineSource {
    private static final long serialVersionUID = 1L;

    private final MySqlSourceOptions options;
    private final MySqlDialect dialect;

    public MySqlSource(MySqlSourceOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.dialect = new MySqlDialect(options);
    }

    @Override
    public ValidationReport validate() {
        return new MySqlSourceValidator(options, dialect.connections()).validate();
    }

    @Override
    public Source<Event, ?, ?> createFlinkSource(SinkRecovery sinkRecovery) {
        return new IncrementalSnapshotSource<>(dialect, options.startupMode(), sinkRecovery);
    }

    @Override
    public boolean isBounded() {
        return !options.startupMode().streams();
    }

    /** The dialect, for tests that drive it directly. */
    public MySqlDialect dialect() {
        return dialect;
    }
}
