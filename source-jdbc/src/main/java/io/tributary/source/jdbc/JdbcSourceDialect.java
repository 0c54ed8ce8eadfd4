package io.tributary.source.jdbc;

import io.tributary.core.model.Column;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.source.jdbc.snapshot.ChunkPlanner;
import io.tributary.source.jdbc.snapshot.CursorChunkReader;
import io.tributary.source.jdbc.snapshot.KeyLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The {@link SourceDialect} of a database read through JDBC. It declares the primitives that differ
 * between databases (connections, identifier quoting, how a chunk bound binds, how a row is read,
 * how a chunk's snapshot transaction begins and ends) and builds on them, in this module, the
 * chunk splitting (even ranges of dense integer keys, sampled boundaries otherwise) and the
 * cursor chunk reader. Only JDBC sources implement it; a document store implements
 * {@link SourceDialect} alone.
 *
 * @param <P> the log position type
 * @param <M> the snapshot epoch marker type
 */
public interface JdbcSourceDialect<P extends Comparable<P>, M> extends SourceDialect<P, M> {
    /** The source's options: chunk size, fetch size and the even-splitting bounds among them. */
    JdbcSourceOptions options();

    @Override
    default String tableSelection() {
        return options().tableSelection();
    }

    /** Opens catalog connections (autocommit on) to the captured database. */
    JdbcConnectionFactory connections();

    /** An identifier as the database's SQL writes it, quoted. */
    String quoteIdentifier(String identifier);

    /** A table's name as the database's SQL writes it, qualified and quoted. */
    String qualifiedName(TableId table);

    /**
     * How the chunk queries compare and order {@code table} by its chunk key: each key column's
     * expression and the SQL its bound value is written as ({@code ?}, or a cast of it). The
     * default writes each column quoted and each bound as a bare {@code ?}.
     */
    default KeyLayout keyLayout(Connection connection, CapturedTable table) throws SQLException {
        return KeyLayout.plain(table, this::quoteIdentifier);
    }

    /**
     * How a chunk query selects {@code column} so that the row reader reads its exact value; the
     * default selects the column itself.
     */
    default String selectExpression(Column column) {
        return quoteIdentifier(column.name());
    }

    /**
     * Whether the database's SQL compares row values, {@code (a, b) > (?, ?)}; where it does not
     * (Oracle), chunk queries compare a composite key column by column.
     */
    default boolean comparesRowValues() {
        return true;
    }

    /** The clause, after an ORDER BY, that keeps the one row {@code offset} rows into the order. */
    default String rowAtOffset(int offset) {
        return " LIMIT 1 OFFSET " + offset;
    }

    /**
     * What a chunk read under {@code view} selects FROM: the table's qualified name, or the table
     * as of the view's point where the database names that point per query (Oracle's
     * {@code AS OF SCN}) rather than per transaction.
     */
    default String chunkSource(TableId table, SnapshotView<M> view) {
        return qualifiedName(table);
    }

    /** Binds one chunk-key value (as the row reader read it) to parameter {@code index}. */
    void bindKeyValue(PreparedStatement statement, int index, Object value) throws SQLException;

    /** Reads rows whose first columns are {@code columns}, in order. */
    JdbcRowReader rowReader(List<Column> columns);

    /** Opens the connection one chunk reader reads every chunk on, ready for {@link #beginSnapshotTransaction}. */
    Connection openSnapshotConnection();

    /** Starts the read-only transaction one chunk is read in, under the epoch's {@code view} (a snapshot id, or as of the marker's point). */
    void beginSnapshotTransaction(Connection connection, SnapshotView<M> view) throws SQLException;

    /**
     * The exact view of the transaction just begun, where the database tells it per chunk (e.g.
     * MariaDB's binlog position of a consistent snapshot); empty when the epoch's marker describes it.
     */
    default Optional<M> chunkMarker(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /** Ends a chunk's transaction (it only read), after its rows or after a failure. */
    void endSnapshotTransaction(Connection connection) throws SQLException;

    @Override
    default ChunkSplitter createChunkSplitter(CapturedTable table, Optional<Object[]> resumeAfter) {
        return new ChunkPlanner(this).open(table, resumeAfter);
    }

    @Override
    default ChunkReader<M> openChunkReader() {
        return new CursorChunkReader<>(this);
    }
}
