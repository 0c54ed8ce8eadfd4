package io.tributary.source.mongodb;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.source.IncrementalSnapshotSource;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.SinkRecovery;
import io.tributary.core.spi.ValidationReport;
import org.apache.flink.api.connector.source.Source;

/** A configured MongoDB source: validates the deployment and builds the incremental-snapshot source over its dialect. */
public final class MongoSource implements PipelineSource {
    private static final long serialVersionUID = 1L;

    private final MongoDialect dialect;

    public MongoSource(MongoDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    @Override
    public ValidationReport validate() {
        return new MongoSourceValidator(dialect).validate();
    }

    @Override
    public Source<Event, ?, ?> createFlinkSource(SinkRecovery sinkRecovery) {
        return new IncrementalSnapshotSource<>(dialect, dialect.options().startupMode(), sinkRecovery);
    }

    @Override
    public boolean isBounded() {
        return !dialect.options().startupMode().streams();
    }

    public MongoDialect dialect() {
        return dialect;
    }
}
