package io.tributary.core.source.dialect;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * What one database contributes to the incremental-snapshot source framework: discovery,
 * chunking, snapshot views, chunk reading and log reading. Nothing here assumes SQL: a document
 * store implements it as well as a relational database. Instances are serialized into the job
 * and create their connections lazily on whichever process calls them.
 *
 * @param <P> the log position type, ordered as the log is (e.g. an LSN with a transaction offset)
 * @param <M> the snapshot epoch marker type: what tells the stream which changes a chunk's view
 *     already holds (a transaction snapshot, a binlog position, an SCN, a cluster time)
 */
public interface SourceDialect<P extends Comparable<P>, M> extends Serializable {
    /** Short name used in logs and split ids, e.g. {@code postgres}. */
    String name();

    /** The captured tables and their schemas, in a stable order. */
    List<CapturedTable> discoverTables();

    /**
     * Starts or resumes splitting a table by its {@linkplain CapturedTable#chunkKey() chunk key};
     * {@code resumeAfter} is the upper bound of the last chunk already made.
     */
    ChunkSplitter createChunkSplitter(CapturedTable table, Optional<Object[]> resumeAfter);

    /**
     * Makes sure the log can be read from now on (e.g. creates the replication slot) and returns
     * the position the stream starts from. Every change committed after that position will be read.
     */
    P prepareStream();

    /**
     * The options that select the captured tables, as written (e.g. {@code tables} and
     * {@code tables.exclude}). A restart whose selection differs from the last run's finds which
     * tables joined or left the pipeline; one whose selection is the same leaves tables created or
     * dropped while it streamed to the stream. Empty (the default) never looks.
     */
    default String tableSelection() {
        return "";
    }

    /**
     * Makes the log carry the changes of tables that join a running pipeline (its {@code tables}
     * widened across a restart), e.g. adds them to the publication; called before any view their
     * chunks are read under is opened, so every change of theirs is either in a chunk or in the
     * log. The default does nothing: a log that carries every table needs nothing.
     */
    default void addToStream(List<TableId> tables) {}

    /** Opens a consistent view for reading chunks; kept open until closed. */
    SnapshotEpoch<M> openSnapshotEpoch();

    /**
     * A new view in place of {@code previous}, which this ends: where a view is a session holding a
     * transaction, the new one may start on the same session instead of connecting again (chunks
     * read beside the stream take a new view after every change, so connecting costs per chunk).
     * The default closes {@code previous} and opens a new view.
     */
    default SnapshotEpoch<M> renewSnapshotEpoch(SnapshotEpoch<M> previous) {
        previous.close();
        return openSnapshotEpoch();
    }

    ChunkReader<M> openChunkReader();

    StreamReader<P> openStreamReader(P start, Map<TableId, TableSchema> schemas, SnapshotCoverage<M> coverage);

    /**
     * Whether the stream, resuming at {@code position}, is past {@code marker}: no change it reads
     * from there on can be in a chunk read under that marker. The framework then forgets which
     * finished chunks were read under it (they fold into ranges the stream emits every change of),
     * which keeps the stream's checkpointed state small. Must never answer true too early; the
     * default, never, is always exact (chunks still fold by epoch).
     */
    default boolean streamIsPast(P position, M marker) {
        return false;
    }

    /**
     * After the pipeline stopped for good (a user's stop, or a bounded run's end), releases what
     * {@link #prepareStream()} holds on the server if the pipeline's options ask for it (e.g.
     * PostgreSQL's {@code slot.drop-on-stop}), so that it holds no log for a run that will not
     * resume. Returns one line per thing released; empty when nothing was.
     */
    default List<String> releaseStream() {
        return List.of();
    }

    /** See {@link io.tributary.core.spi.PipelineSource#drop()}: what {@link #prepareStream()} created, removed for good. */
    default List<String> dropStream() {
        return List.of();
    }

    /**
     * Why {@code condition} cannot select rows of {@code table} when the table is read again
     * ({@code tributary snapshot --where}): a syntax error, an unknown column; empty when it can. The
     * condition is in the database's own query language and is read by {@link ChunkReader#open(
     * io.tributary.core.source.split.SnapshotSplit, SnapshotView, String)}. The default: this source
     * reads tables again only whole.
     */
    default Optional<String> rowConditionProblem(CapturedTable table, String condition) {
        return Optional.of("the " + name() + " source reads a table again only whole; leave out --where");
    }

    /**
     * Whether one reader may read chunks between its reads of this source's log, so that changes
     * flow during the snapshot into a sink where replays converge, and into one that rolls back
     * where {@link #locatesChangesInViews} is on too (see {@code CdcSplitEnumerator}):
     * a chunk read under a view opened after the last change emitted must hold every change
     * emitted before it. Off by default, so a new source streams after the snapshot until this is
     * verified on it; the source contract checks it where it is on.
     */
    default boolean readsChunksBesideTheStream() {
        return false;
    }

    /**
     * Whether {@code view}, opened for a chunk read beside the stream, holds every change
     * {@code reader} returned, the last of them ending at {@code resumePosition}. A log may carry a
     * transaction before a new view sees it (a commit waiting for a synchronous replica); such a
     * view is closed and opened again. The default answers true, which only a source whose log
     * carries nothing a new view cannot see may keep.
     */
    default boolean viewHoldsStream(StreamReader<P> reader, P resumePosition, M view) {
        return true;
    }

    /**
     * Whether this source can tell, for a record its stream returned, whether a given view already
     * holds that record's change ({@link #viewHoldsChange}). With it, chunks are also read beside
     * the stream for a sink that rolls back (exactly-once Kafka): the reader then drops each change
     * a chunk holds or will hold, at the moment it hands the change on. Off by default.
     */
    default boolean locatesChangesInViews() {
        return false;
    }

    /**
     * Whether {@code view} already holds the change of {@code record}, a data change the stream
     * returned; only asked where {@link #locatesChangesInViews} is on. The answer must be exact
     * both ways: a change a chunk's view holds and the reader emits anyway is a duplicate, and
     * one it lacks and the reader drops is lost.
     */
    default boolean viewHoldsChange(M view, StreamRecord<P> record) {
        throw new UnsupportedOperationException(name() + " does not locate changes in views");
    }

    SimpleVersionedSerializer<P> positionSerializer();

    SimpleVersionedSerializer<M> markerSerializer();

    /**
     * How chunk-key values of a table become chunk bounds and how bounds are ordered, as the
     * database orders them in chunk queries, so that resume points and the stream's chunk lookups
     * agree with the chunks read. The default keeps values as they are in their natural order
     * (byte arrays unsigned); a dialect whose keys sort otherwise (mixed BSON types of a document
     * {@code _id}, ROWIDs) gives its own.
     */
    default ChunkKeyOrder chunkKeyOrder(TableSchema schema, ChunkKey chunkKey) {
        return ChunkKeyOrder.natural();
    }
}
