package io.tributary.source.postgres;

import io.tributary.core.spi.ValidationReport;
import io.tributary.source.jdbc.JdbcSource;

/** A configured PostgreSQL source: validates the database and builds the incremental-snapshot Flink source. */
public final class PostgresSource extends JdbcSource<PostgresPosition, PostgresSnapshotMarker, PostgresDialect> {
    private static final long serialVersionUID = 1L;

    public PostgresSource(PostgresSourceOptions options) {
        super(new PostgresDialect(options));
    }

    @Override
    public ValidationReport validate() {
        return new PostgresSourceValidator(dialect()).validate();
    }
}
