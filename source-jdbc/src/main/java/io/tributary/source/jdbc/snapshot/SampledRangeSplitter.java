package io.tributary.source.jdbc.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.source.jdbc.JdbcConnectionFactory;
import io.tributary.source.jdbc.JdbcRowReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a table at sampled keys: each boundary is the key {@code chunkSize} rows after the previous
 * one, found by walking the key's index ({@code ORDER BY key LIMIT 1 OFFSET chunkSize}), so
 * boundaries follow the server's own order (text in the column's collation) whatever the key's
 * type. One query per chunk, so splitting costs one index pass over the table; it resumes after
 * any boundary.
 */
final class SampledRangeSplitter implements ChunkSplitter {
    private final Connection connection;
    private final KeyRangeQueries queries;
    private final TableId tableId;
    private final KeyLayout layout;
    private final int chunkSize;
    private final JdbcRowReader keyReader;
    private Optional<Object[]> lower;
    private boolean done;

    /** Takes ownership of {@code connection}; {@code keyReader} reads the chunk key's columns. */
    SampledRangeSplitter(Connection connection, KeyRangeQueries queries, CapturedTable table, KeyLayout layout, int chunkSize,
            Optional<Object[]> lower, JdbcRowReader keyReader) {
        this.connection = requireNonNull(connection, "connection is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.tableId = table.tableId();
        this.layout = requireNonNull(layout, "layout is null");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        this.chunkSize = chunkSize;
        this.lower = requireNonNull(lower, "lower is null");
        this.keyReader = requireNonNull(keyReader, "keyReader is null");
    }

    /** The columns of {@code table}'s chunk key, in key order, for the key reader. */
    static List<Column> keyColumns(CapturedTable table) {
        return table.chunkKey().columns().stream().map(name -> table.schema().column(name).orElseThrow()).toList();
    }

    @Override
    public Optional<ChunkRange> next() {
        if (done) {
            return Optional.empty();
        }
        Optional<Object[]> upper = nextBoundary();
        ChunkRange range = ChunkRange.of(lower, upper);
        lower = upper;
        done = upper.isEmpty();
        return Optional.of(range);
    }

    private Optional<Object[]> nextBoundary() {
        KeyRangeQueries.Query query = queries.boundary(tableId, layout, lower, chunkSize);
        try (PreparedStatement statement = queries.prepare(connection, query); ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(keyReader.read(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not sample chunk boundaries of " + tableId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        JdbcConnectionFactory.closeQuietly(connection);
    }
}
