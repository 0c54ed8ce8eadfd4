package io.tributary.source.postgres.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.source.postgres.catalog.KeyLayout;
import io.tributary.source.postgres.catalog.PostgresRowReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a table at sampled keys: each boundary is the key {@code chunkSize} rows after the previous
 * one, found by walking the primary-key index ({@code ORDER BY key LIMIT 1 OFFSET chunkSize}). One
 * query per chunk, so splitting costs one index pass over the table however it is keyed.
 */
final class SampledRangeSplitter implements ChunkSplitter {
    private final Connection connection;
    private final TableId tableId;
    private final KeyLayout layout;
    private final int chunkSize;
    private final PostgresRowReader keyReader;
    private Optional<Object[]> lower;
    private boolean done;

    /** Takes ownership of {@code connection}. */
    SampledRangeSplitter(Connection connection, CapturedTable table, KeyLayout layout, int chunkSize, Optional<Object[]> lower) {
        this.connection = requireNonNull(connection, "connection is null");
        this.tableId = table.tableId();
        this.layout = requireNonNull(layout, "layout is null");
        this.chunkSize = chunkSize;
        this.lower = requireNonNull(lower, "lower is null");
        List<Column> keyColumns = table.chunkKey().columns().stream().map(name -> table.schema().column(name).orElseThrow()).toList();
        this.keyReader = new PostgresRowReader(keyColumns);
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
        ChunkQueries.Query query = ChunkQueries.boundary(tableId, layout, lower, chunkSize);
        try (PreparedStatement statement = query.bind(connection.prepareStatement(query.sql())); ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(keyReader.read(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not sample chunk boundaries of " + tableId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a read-only connection cannot lose data; the server ends the session either way.
        }
    }
}
