package io.tributary.source.mysql;

import io.tributary.core.spi.ValidationReport;
import io.tributary.source.jdbc.JdbcSource;

/** A configured MySQL/MariaDB source: validates the server and builds the incremental-snapshot Flink source. */
public final class MySqlSource extends JdbcSource<BinlogPosition, MySqlSnapshotMarker, MySqlDialect> {
    private static final long serialVersionUID = 1L;

    public MySqlSource(MySqlSourceOptions options) {
        super(new MySqlDialect(options));
    }

    @Override
    public ValidationReport validate() {
        return new MySqlSourceValidator(dialect()).validate();
    }
}
