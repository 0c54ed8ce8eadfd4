package io.tributary.source.jdbc.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.CapturedTable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How the snapshot orders and cuts one table by its chunk key.
 *
 * <p>The chunk queries compare and sort the key columns as they are, with the server's own
 * operators and, for text, the column's own collation: the order of the key's index, so that the
 * index serves boundary sampling and chunk reads alike, and the server evaluates both, so they
 * agree. No Java comparator has to reproduce the order.
 *
 * @param strategy how the table is cut
 * @param columns the key columns in key order (empty without a chunk key)
 * @param reason why the table is not cut into ranges, for validation findings
 */
public record KeyLayout(Strategy strategy, List<KeyColumn> columns, Optional<String> reason) {
    private static final Set<TypeKind> INTEGER_KINDS = Set.of(TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT);

    public KeyLayout {
        requireNonNull(strategy, "strategy is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(reason, "reason is null");
    }

    /** How a table is cut. */
    public enum Strategy {
        /** Cut into key ranges (even or sampled). */
        RANGES,
        /** No chunk key: one unordered chunk. */
        NO_KEY,
        /** The key has a type the source cannot bind as a chunk bound; the table cannot be captured. */
        UNSUPPORTED
    }

    /**
     * One key column as the chunk queries use it.
     *
     * @param expression the column as compared and sorted by, e.g. {@code "id"}
     * @param parameterExpression the SQL for a bound value, {@code ?} standing for the parameter, e.g. {@code CAST(? AS "pg_catalog"."int4")}
     * @param integer whether the column is a smallint, integer or bigint (even splitting applies)
     */
    public record KeyColumn(String expression, String parameterExpression, boolean integer) {
        public KeyColumn {
            requireNonNull(expression, "expression is null");
            requireNonNull(parameterExpression, "parameterExpression is null");
        }
    }

    public static KeyLayout noKey() {
        return new KeyLayout(Strategy.NO_KEY, List.of(), Optional.of("it has no primary key; "
                + "scan.incremental.snapshot.chunk.key-column can name a unique NOT NULL column to chunk it by"));
    }

    /** The table's chunk key, each column quoted by {@code quote} and bound as a bare {@code ?}. */
    public static KeyLayout plain(CapturedTable table, UnaryOperator<String> quote) {
        if (table.chunkKey().isNone()) {
            return noKey();
        }
        List<KeyColumn> columns = table.chunkKey().columns().stream()
                .map(name -> new KeyColumn(quote.apply(name), "?", isInteger(table.schema().column(name).orElseThrow().type().kind())))
                .toList();
        return new KeyLayout(Strategy.RANGES, columns, Optional.empty());
    }

    /** Whether values of this kind are whole numbers that fit a long (even splitting applies). */
    public static boolean isInteger(TypeKind kind) {
        return INTEGER_KINDS.contains(kind);
    }

    /** A single integer column: eligible for even splitting. */
    public boolean isSingleIntegerKey() {
        return strategy == Strategy.RANGES && columns.size() == 1 && columns.get(0).integer();
    }
}
