package io.tributary.source.jdbc.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.RowCursor;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.source.jdbc.JdbcConnectionFactory;
import io.tributary.source.jdbc.JdbcSourceDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads chunks on one connection, opened at the first chunk. Each chunk is read in its own
 * read-only transaction under the epoch's view, begun and ended the database's way, so an idle
 * reader holds no snapshot. Rows come through a server-side cursor or streamed result set
 * ({@code fetchSize} rows per round trip), so memory does not grow with the chunk.
 *
 * @param <M> the dialect's snapshot marker type
 */
public final class CursorChunkReader<M> implements ChunkReader<M> {
    private final JdbcSourceDialect<?, M> dialect;
    private final KeyRangeQueries queries;
    private final int fetchSize;
    private final Map<TableId, KeyLayout> layouts = new HashMap<>();
    private Connection connection;

    public CursorChunkReader(JdbcSourceDialect<?, M> dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.queries = new KeyRangeQueries(dialect);
        this.fetchSize = dialect.options().fetchSize();
    }

    @Override
    public RowCursor<M> open(SnapshotSplit chunk, SnapshotView<M> view) {
        return open(chunk, view, Optional.empty());
    }

    @Override
    public RowCursor<M> open(SnapshotSplit chunk, SnapshotView<M> view, String condition) {
        return open(chunk, view, Optional.of(requireNonNull(condition, "condition is null")));
    }

    private RowCursor<M> open(SnapshotSplit chunk, SnapshotView<M> view, Optional<String> condition) {
        requireNonNull(view, "view is null");
        try {
            if (connection == null) {
                connection = dialect.openSnapshotConnection();
            }
            KeyLayout layout = layoutFor(chunk);
            dialect.beginSnapshotTransaction(connection, view);
            Optional<M> marker = dialect.chunkMarker(connection);
            TableSchema read = withSyntheticKey(chunk.schema(), chunk.chunkKey());
            KeyRangeQueries.Query sql = queries.chunk(dialect.chunkSource(chunk.tableId(), view), read, layout, chunk.range(), condition);
            PreparedStatement statement = queries.prepare(connection, sql);
            statement.setFetchSize(fetchSize);
            JdbcRowCursor.ChunkQuery query = new JdbcRowCursor.ChunkQuery(statement, statement.executeQuery(), this::endTransaction);
            return new JdbcRowCursor<>(chunk.tableId(), query, dialect.rowReader(read.columns()), marker);
        } catch (SQLException e) {
            endTransaction();
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read chunk " + chunk.range() + " of " + chunk.tableId() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            endTransaction();
            throw e;
        }
    }

    /**
     * The columns a chunk query selects: the table's, and after them a synthetic chunk key (one the
     * database gives every row, such as Oracle's ROWID) as text, which the framework takes from
     * the end of each row (see {@link ChunkKey}); the dialect's {@link JdbcSourceDialect#selectExpression}
     * writes how it is selected.
     */
    static TableSchema withSyntheticKey(TableSchema schema, ChunkKey key) {
        if (!key.synthetic()) {
            return schema;
        }
        List<Column> columns = new ArrayList<>(schema.columns());
        columns.add(new Column(key.columns().get(0), DataType.of(TypeKind.VARCHAR)));
        return new TableSchema(columns, schema.primaryKey());
    }

    private KeyLayout layoutFor(SnapshotSplit chunk) throws SQLException {
        KeyLayout layout = layouts.get(chunk.tableId());
        if (layout == null) {
            layout = dialect.keyLayout(connection, new CapturedTable(chunk.tableId(), chunk.schema(), chunk.chunkKey(), 0));
            layouts.put(chunk.tableId(), layout);
            // The catalog lookup may have begun a transaction; the chunk's must be the first.
            dialect.endSnapshotTransaction(connection);
        }
        return layout;
    }

    private void endTransaction() {
        if (connection == null) {
            return;
        }
        try {
            dialect.endSnapshotTransaction(connection);
        } catch (SQLException e) {
            // The connection is broken; drop it, and the next chunk connects afresh.
            JdbcConnectionFactory.closeQuietly(connection);
            connection = null;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            // Closing ends any open transaction; it only read.
            JdbcConnectionFactory.closeQuietly(connection);
            connection = null;
        }
    }
}
