package io.tributary.source.jdbc.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.source.jdbc.JdbcRowReader;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The rows of one chunk from an open result set; closing it ends the chunk's transaction. */
final class JdbcRowCursor<M> implements RowCursor<M> {
    private final TableId tableId;
    private final ChunkQuery query;
    private final JdbcRowReader reader;
    private final Optional<M> marker;

    /** A chunk's executed query, and what ends the chunk's transaction once its rows are read. */
    record ChunkQuery(PreparedStatement statement, ResultSet rows, Runnable endTransaction) {
        ChunkQuery {
            requireNonNull(statement, "statement is null");
            requireNonNull(rows, "rows is null");
            requireNonNull(endTransaction, "endTransaction is null");
        }

        void close() {
            try {
                rows.close();
                statement.close();
            } catch (SQLException e) {
                // Closing the cursor of a read-only transaction cannot lose data; ending the transaction reports a broken connection.
            }
            endTransaction.run();
        }
    }

    JdbcRowCursor(TableId tableId, ChunkQuery query, JdbcRowReader reader, Optional<M> marker) {
        this.tableId = requireNonNull(tableId, "tableId is null");
        this.query = requireNonNull(query, "query is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.marker = requireNonNull(marker, "marker is null");
    }

    @Override
    public Optional<M> marker() {
        return marker;
    }

    @Override
    public boolean next() {
        try {
            return query.rows().next();
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Reading a chunk of " + tableId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Object[] row() {
        try {
            return reader.read(query.rows());
        } catch (SQLException | IllegalArgumentException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read a row of " + tableId + ": " + e.getMessage()
                    + ". Exclude the table with tables.exclude if it holds values the source cannot represent.", e);
        }
    }

    @Override
    public void close() {
        query.close();
    }
}
