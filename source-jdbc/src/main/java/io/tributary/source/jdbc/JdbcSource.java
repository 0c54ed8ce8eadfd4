package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.source.IncrementalSnapshotSource;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.SinkRecovery;
import org.apache.flink.api.connector.source.Source;

/**
 * A configured JDBC source: builds the incremental-snapshot Flink source over its dialect. Each
 * database adds the validation of its server.
 *
 * @param <P> the dialect's log position type
 * @param <M> the dialect's snapshot marker type
 * @param <D> the database's dialect
 */
public abstract class JdbcSource<P extends Comparable<P>, M, D extends JdbcSourceDialect<P, M>> implements PipelineSource {
    private static final long serialVersionUID = 1L;

    private final D dialect;

    protected JdbcSource(D dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    @Override
    public Source<Event, ?, ?> createFlinkSource(SinkRecovery sinkRecovery) {
        return new IncrementalSnapshotSource<P, M>(dialect, dialect.options().startupMode(), sinkRecovery);
    }

    @Override
    public boolean isBounded() {
        return !dialect.options().startupMode().streams();
    }

    /** The dialect, for tests that drive it directly. */
    public D dialect() {
        return dialect;
    }
}
