package io.tributary.source.jdbc.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.source.jdbc.JdbcConnectionFactory;
import io.tributary.source.jdbc.JdbcSourceDialect;
import io.tributary.source.jdbc.JdbcSourceOptions;
import io.tributary.source.jdbc.snapshot.KeyLayout.Strategy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Decides how a table is cut into chunks: even integer ranges when the chunk key is a single
 * integer column whose spread per row, {@code (max - min + 1) / rows}, lies within the
 * even-distribution bounds; boundaries sampled along the key's index for other keys; one chunk
 * for tables without a chunk key.
 */
public final class ChunkPlanner {
    private final JdbcSourceDialect<?, ?> dialect;
    private final KeyRangeQueries queries;
    private final int chunkSize;
    private final double evenLowerBound;
    private final double evenUpperBound;

    public ChunkPlanner(JdbcSourceDialect<?, ?> dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.queries = new KeyRangeQueries(dialect);
        JdbcSourceOptions options = dialect.options();
        this.chunkSize = options.chunkSize();
        this.evenLowerBound = options.evenDistributionLower();
        this.evenUpperBound = options.evenDistributionUpper();
    }

    /**
     * How a table is cut.
     *
     * @param layout the key order the chunk queries use
     * @param evenRange min, max and chunk width when the key is cut into even ranges
     * @param estimatedChunks roughly how many chunks the table makes
     */
    public record ChunkPlan(KeyLayout layout, Optional<EvenRange> evenRange, long estimatedChunks) {
        public ChunkPlan {
            requireNonNull(layout, "layout is null");
            requireNonNull(evenRange, "evenRange is null");
        }
    }

    /** The key's extent and the key width of a chunk. */
    public record EvenRange(long min, long max, long step) {}

    /** Starts or resumes splitting {@code table} on a connection of its own, which the splitter closes. */
    public ChunkSplitter open(CapturedTable table, Optional<Object[]> resumeAfter) {
        Connection connection = dialect.connections().open();
        try {
            return splitter(plan(connection, table), connection, table, resumeAfter);
        } catch (SQLException e) {
            JdbcConnectionFactory.closeQuietly(connection);
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not plan the chunks of " + table.tableId() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            JdbcConnectionFactory.closeQuietly(connection);
            throw e;
        }
    }

    public ChunkPlan plan(Connection connection, CapturedTable table) throws SQLException {
        KeyLayout layout = dialect.keyLayout(connection, table);
        long sampledChunks = Math.max(1, (table.estimatedRows() + chunkSize - 1) / chunkSize);
        switch (layout.strategy()) {
            case RANGES:
                break;
            case UNSUPPORTED:
                return new ChunkPlan(layout, Optional.empty(), 0);
            case NO_KEY:
                return new ChunkPlan(layout, Optional.empty(), 1);
        }
        if (!layout.isSingleIntegerKey()) {
            return new ChunkPlan(layout, Optional.empty(), sampledChunks);
        }
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(queries.minMax(table.tableId(), layout))) {
            rs.next();
            long min = rs.getLong(1);
            if (rs.wasNull()) {
                return new ChunkPlan(layout, Optional.empty(), 1);
            }
            long max = rs.getLong(2);
            double spread = (double) max - (double) min + 1;
            double factor = table.estimatedRows() > 0 ? spread / table.estimatedRows() : Double.NaN;
            if (factor >= evenLowerBound && factor <= evenUpperBound) {
                long step = Math.max(1, (long) Math.min(Long.MAX_VALUE / 2.0, Math.ceil(factor * chunkSize)));
                return new ChunkPlan(layout, Optional.of(new EvenRange(min, max, step)), Math.max(1, (long) Math.ceil(spread / step)));
            }
            return new ChunkPlan(layout, Optional.empty(), sampledChunks);
        }
    }

    /**
     * A splitter following {@code plan}, continuing after {@code resumeAfter} (the upper bound of the
     * last chunk already made). Takes ownership of {@code connection}.
     */
    public ChunkSplitter splitter(ChunkPlan plan, Connection connection, CapturedTable table, Optional<Object[]> resumeAfter) {
        if (plan.layout().strategy() == Strategy.UNSUPPORTED) {
            JdbcConnectionFactory.closeQuietly(connection);
            throw new TributaryException(ErrorCode.SOURCE_TABLE_UNSUPPORTED, "Table " + table.tableId() + " cannot be captured: "
                    + plan.layout().reason().orElse("its key cannot be ordered") + ". Exclude it with tables.exclude.");
        }
        if (plan.layout().strategy() == Strategy.NO_KEY) {
            // Its one chunk has no upper bound, so there is nothing to resume after.
            JdbcConnectionFactory.closeQuietly(connection);
            return new SingleChunkSplitter();
        }
        if (plan.evenRange().isPresent()) {
            JdbcConnectionFactory.closeQuietly(connection);
            EvenRange even = plan.evenRange().get();
            TypeKind kind = table.schema().column(table.chunkKey().columns().get(0)).orElseThrow().type().kind();
            Optional<Long> lower = resumeAfter.map(key -> ((Number) key[0]).longValue());
            return new EvenRangeSplitter(kind, lower, even.min(), even.max(), even.step());
        }
        return new SampledRangeSplitter(connection, queries, table, plan.layout(), chunkSize, resumeAfter,
                dialect.rowReader(SampledRangeSplitter.keyColumns(table)));
    }
}
