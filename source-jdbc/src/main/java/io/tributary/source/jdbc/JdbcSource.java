package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.source.IncrementalSnapshotSource;
import io.tributary.core.spi.PipelineSource;
import io.tributary.core.spi.SinkRecovery;
import io.tributary.core.spi.ValidationReport;
import java.io.Serializable;
import java.util.function.Function;
import org.apache.flink.api.connector.source.Source;

/**
 * A configured JDBC source: validates the server with the database's validator and builds the
 * incremental-snapshot Flink source over its dialect.
 *
 * @param <P> the dialect's log position type
 * @param <M> the dialect's snapshot marker type
 * @param <D> the database's dialect
 */
public final class JdbcSource<P extends Comparable<P>, M, D extends JdbcSourceDialect<P, M>> implements PipelineSource {
    private static final long serialVersionUID = 1L;

    /** Creates the database's validator for a dialect; serializable because the source travels in the job graph. */
    @FunctionalInterface
    public interface ValidatorFactory<D extends JdbcSourceDialect<?, ?>> extends Function<D, JdbcSourceValidator<D>>, Serializable {}

    private final D dialect;
    private final ValidatorFactory<D> validators;

    public JdbcSource(D dialect, ValidatorFactory<D> validators) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.validators = requireNonNull(validators, "validators is null");
    }

    @Override
    public ValidationReport validate() {
        return validators.apply(dialect).validate();
    }

    @Override
    public Source<Event, ?, ?> createFlinkSource(SinkRecovery sinkRecovery) {
        return new IncrementalSnapshotSource<P, M>(dialect, dialect.options().startupMode(), sinkRecovery);
    }

    @Override
    public boolean isBounded() {
        return !dialect.options().startupMode().streams();
    }

    @Override
    public java.util.List<String> drop() {
        return dialect.dropStream();
    }

    @Override
    public java.util.List<String> releaseOnStop() {
        return dialect.releaseStream();
    }

    /** The dialect, for tests that drive it directly. */
    public D dialect() {
        return dialect;
    }
}
