package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How the snapshot orders and cuts one table by its primary key.
 *
 * <p>The chunk queries compare and sort the key columns as they are: each with its type's default
 * btree operators and, for text, the column's own collation. That is the order of the
 * primary-key index (PostgreSQL builds it with exactly these), so the index serves boundary
 * sampling and chunk reads alike, and the server evaluates both, so they agree. No Java
 * comparator has to reproduce the order: the stream does not locate the keys of keyed tables
 * among chunk ranges.
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
        /** No primary key: one unordered chunk. */
        NO_KEY,
        /** The key has a type the source cannot bind as a chunk bound; the table cannot be captured. */
        UNSUPPORTED
    }

    /**
     * One key column as the chunk queries use it.
     *
     * @param name the column name
     * @param parameterExpression the SQL for a bound value, {@code ?} standing for the parameter, e.g. {@code CAST(? AS "pg_catalog"."int4")}
     * @param integer whether the column is smallint, integer or bigint (even splitting applies)
     */
    public record KeyColumn(String name, String parameterExpression, boolean integer) {
        public KeyColumn {
            requireNonNull(name, "name is null");
            requireNonNull(parameterExpression, "parameterExpression is null");
        }

        /** The column as compared and sorted by. */
        public String expression() {
            return SqlNames.quote(name);
        }
    }

    public static KeyLayout noKey() {
        return new KeyLayout(Strategy.NO_KEY, List.of(), Optional.of("it has no primary key; "
                + "scan.incremental.snapshot.chunk.key-column can name a unique NOT NULL column to chunk it by"));
    }

    /** A single integer column: eligible for even splitting. */
    public boolean isSingleIntegerKey() {
        return strategy == Strategy.RANGES && columns.size() == 1 && columns.get(0).integer();
    }
}
