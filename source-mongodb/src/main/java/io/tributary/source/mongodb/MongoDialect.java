package io.tributary.source.mongodb;

import static java.util.Objects.requireNonNull;

import com.mongodb.client.MongoClient;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.dialect.ChunkReader;
import io.tributary.core.source.dialect.ChunkSplitter;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.source.mongodb.snapshot.MongoChunkReader;
import io.tributary.source.mongodb.snapshot.MongoChunkSplitter;
import io.tributary.source.mongodb.snapshot.MongoSnapshotEpoch;
import io.tributary.source.mongodb.stream.MongoStreamReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.bson.BsonTimestamp;

/**
 * MongoDB's part of the incremental-snapshot source: collections as tables of {@code [_id,
 * document]}, chunked by {@code _id} ranges in BSON order, chunks read by plain sorted queries
 * each marked with the cluster time before it, and the change stream read from a resume token or
 * a cluster time.
 */
public final class MongoDialect implements SourceDialect<ChangeStreamPosition, ChangeStreamPosition> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MongoDialect.class);

    private final MongoSourceOptions options;
    private final MongoConnections connections;

    public MongoDialect(MongoSourceOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.connections = new MongoConnections(options);
    }

    public MongoSourceOptions options() {
        return options;
    }

    public MongoConnections connections() {
        return connections;
    }

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public List<CapturedTable> discoverTables() {
        try (MongoClient client = connections.open()) {
            List<CapturedTable> tables = new MongoCatalog(client, options.flatten(), options.flattenSampleSize()).discover(options.collections());
            if (tables.isEmpty()) {
                throw new TributaryException(ErrorCode.SOURCE_NO_TABLES, "No collection on " + connections.describeServer() + " matches "
                        + "collection = " + options.collections() + " that user '" + connections.username() + "' can list. Check the "
                        + "patterns (database\\.collection, regular expressions) and that the user has listCollections on the databases.");
            }
            return tables;
        } catch (RuntimeException e) {
            throw MongoFailures.classify(e, connections, "list the collections", "listCollections");
        }
    }

    @Override
    public ChunkSplitter createChunkSplitter(CapturedTable table, Optional<Object[]> resumeAfter) {
        MongoClient client = connections.open();
        int chunkDocuments = options.chunkSizeDocuments().orElseGet(() -> MongoCatalog.documentsPerChunk(client, table.tableId(), options.chunkSizeMb()));
        Optional<Integer> chunkSizeMb = options.chunkSizeDocuments().isPresent() ? Optional.empty() : Optional.of(options.chunkSizeMb());
        return new MongoChunkSplitter(client, table, chunkDocuments, chunkSizeMb, resumeAfter);
    }

    @Override
    public ChangeStreamPosition prepareStream() {
        if (options.startupMode() == io.tributary.core.source.StartupMode.TIMESTAMP) {
            long millis = options.timestampMillis().orElseThrow();
            return ChangeStreamPosition.beforeTime(new BsonTimestamp((int) (millis / 1000), 0));
        }
        ChangeStreamPosition start = now();
        LOG.info("The change stream of {} starts after {}", connections.describeServer(), start);
        return start;
    }

    private ChangeStreamPosition now() {
        try (MongoClient client = connections.open()) {
            return ChangeStreamPosition.atTime(ServerClock.now(client));
        } catch (RuntimeException e) {
            throw MongoFailures.classify(e, connections, "read the cluster time", "find on local.oplog.rs");
        }
    }

    @Override
    public SnapshotEpoch<ChangeStreamPosition> openSnapshotEpoch() {
        return new MongoSnapshotEpoch(now());
    }

    @Override
    public ChunkReader<ChangeStreamPosition> openChunkReader() {
        return new MongoChunkReader(connections, options.batchSize(), options.startupMode().streams(), options.documentRows(),
                client -> ChangeStreamPosition.atTime(ServerClock.now(client)));
    }

    @Override
    public StreamReader<ChangeStreamPosition> openStreamReader(ChangeStreamPosition start, Map<TableId, TableSchema> schemas,
            SnapshotCoverage<ChangeStreamPosition> coverage) {
        MongoStreamReader reader = new MongoStreamReader(options, connections, start, schemas, coverage);
        reader.start();
        return reader;
    }

    @Override
    public SimpleVersionedSerializer<ChangeStreamPosition> positionSerializer() {
        return ChangeStreamPositionSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<ChangeStreamPosition> markerSerializer() {
        return ChangeStreamPositionSerializer.INSTANCE;
    }

    @Override
    public ChunkKeyOrder chunkKeyOrder(TableSchema schema, ChunkKey chunkKey) {
        return new IdOrder(IdKind.ofColumn(schema.columns().get(0).type()));
    }
}
