package io.tributary.source.postgres;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.source.IncrementalSnapshotSource;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.SinkRecovery;
import io.tributary.core.spi.ValidationReport;
import org.apache.flink.api.connector.source.Source;

/** A configured PostgreSQL source: validates the database and builds the incremental-snapshot Flink source. */
public final class PostgresSource implements PipelineSource {
    private static final long serialVersionUID = 1L;

    private final PostgresSourceOptions options;
    private final PostgresDialect dialect;

    public PostgresSource(PostgresSourceOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.dialect = new PostgresDialect(options);
    }

    @Override
    public ValidationReport validate() {
        return new PostgresSourceValidator(options, dialect.connections(), dialect.planner()).validate();
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
    public PostgresDialect dialect() {
        return dialect;
    }
}
