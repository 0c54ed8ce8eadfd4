package io.tributary.source.mysql.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.source.mysql.catalog.MySqlRowReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Cuts a keyed table into chunks of {@code chunkSize} rows by asking the server for the key
 * {@code chunkSize} rows further along the primary-key index, so boundaries follow the server's
 * own order (text in the column's collation) whatever the key's type. Each boundary costs one
 * index range scan of a chunk's length; splitting resumes after any boundary. A table without a
 * key is one whole-table chunk.
 */
public final class SampledChunkSplitter implements ChunkSplitter {
    private final Connection connection;
    private final CapturedTable table;
    private final int chunkSize;
    private final MySqlRowReader keyReader;
    private Optional<Object[]> lower;
    private boolean done;

    public SampledChunkSplitter(Connection connection, CapturedTable table, int chunkSize, Optional<Object[]> resumeAfter) {
        this.connection = requireNonNull(connection, "connection is null");
        this.table = requireNonNull(table, "table is null");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        this.chunkSize = chunkSize;
        this.keyReader = table.chunkKey().isNone() ? null : MySqlRowReader.forKey(table.schema(), table.chunkKey());
        this.lower = requireNonNull(resumeAfter, "resumeAfter is null");
    }

    @Override
    public Optional<ChunkRange> next() {
        if (done) {
            return Optional.empty();
        }
        if (keyReader == null) {
            done = true;
            return Optional.of(ChunkRange.all());
        }
        Optional<Object[]> upper = nextBoundary();
        ChunkRange range = ChunkRange.of(lower, upper);
        lower = upper;
        done = upper.isEmpty();
        return Optional.of(range);
    }

    private Optional<Object[]> nextBoundary() {
        String sql = ChunkQueries.keyAtOffset(table.tableId(), table.chunkKey(), lower.isPresent());
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = lower.isPresent() ? ChunkQueries.bindKey(statement, 1, lower.get()) : 1;
            statement.setInt(index, chunkSize);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(keyReader.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not find the next chunk boundary of " + table.tableId() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // A read-only catalog connection: nothing is lost when closing it fails.
        }
    }
}
