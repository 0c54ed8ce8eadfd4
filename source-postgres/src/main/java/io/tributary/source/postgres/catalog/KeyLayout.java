package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How the snapshot orders and cuts one table by its primary key, so that SQL and the Java
 * comparator ({@code PostgresKeyComparator}) agree on the order of every key.
 *
 * <p>Numbers, uuid, bytea, boolean, dates and times compare the same in both. Text compares in
 * Java by code point, which is PostgreSQL's order under the C collation in a UTF8 database: a text
 * key column whose collation is C (or POSIX) is used as is; one with another collation uses
 * {@code COLLATE "C"} when a btree index with that collation covers the key (so the index still
 * serves the range scans), and otherwise {@code convert_to(column::text, 'UTF8')} — exact under
 * any collation and encoding but served by no index, so such a table is read as one chunk, sorted
 * once by the server.
 *
 * @param strategy how the table is cut
 * @param columns the key columns in key order (empty without a primary key)
 * @param reason why the table is not cut into ranges, for validation findings
 */
public record KeyLayout(Strategy strategy, List<KeyColumn> columns, Optional<String> reason) {
    public KeyLayout {
        requireNonNull(strategy, "strategy is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(reason, "reason is null");
    }

    public enum Strategy {
        /** Cut into key ranges (even or sampled). */
        RANGES,
        /** Read as one chunk ordered by the key (a restart resumes after the last key read). */
        ONE_ORDERED_CHUNK,
        /** No primary key: one unordered chunk. */
        NO_KEY,
        /** The key has a type the source cannot order; the table cannot be captured. */
        UNSUPPORTED
    }

    /**
     * One key column as the chunk queries use it.
     *
     * @param name the column name
     * @param orderExpression the SQL expression compared and ordered by, e.g. {@code "id"} or {@code "code" COLLATE "C"}
     * @param parameterExpression the SQL for a bound value, {@code ?} standing for the parameter, e.g. {@code CAST(? AS pg_catalog.int4)}
     * @param integer whether the column is smallint, integer or bigint compared natively (even splitting applies)
     */
    public record KeyColumn(String name, String orderExpression, String parameterExpression, boolean integer) {
        public KeyColumn {
            requireNonNull(name, "name is null");
            requireNonNull(orderExpression, "orderExpression is null");
            requireNonNull(parameterExpression, "parameterExpression is null");
        }
    }

    public static KeyLayout noKey() {
        return new KeyLayout(Strategy.NO_KEY, List.of(), Optional.of("it has no primary key"));
    }

    /** A single integer column compared natively: eligible for even splitting. */
    public boolean isSingleIntegerKey() {
        return strategy == Strategy.RANGES && columns.size() == 1 && columns.get(0).integer();
    }
}
