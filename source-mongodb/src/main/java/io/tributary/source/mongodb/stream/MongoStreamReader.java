package io.tributary.source.mongodb.stream;

import static java.util.Objects.requireNonNull;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.FullDocumentBeforeChange;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Event;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.mongodb.ChangeStreamPosition;
import io.tributary.source.mongodb.MongoConnections;
import io.tributary.source.mongodb.MongoFailures;
import io.tributary.source.mongodb.MongoSourceOptions;
import io.tributary.source.mongodb.ServerClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonTimestamp;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the captured collections' change stream with the official driver: collection-level for one
 * collection, database-level for several of one database, cluster-level otherwise. It resumes
 * after the resume token of the last event of the checkpoint, or at a cluster time
 * ({@code startAtOperationTime}) skipping what is not past the start. A change is dropped when the
 * snapshot chunk holding its id was read after it (its cluster time is not past the chunk's
 * marker). Resume tokens live only in Flink state: the server keeps no cursor for us, so
 * acknowledging one releases nothing; losing the oplog behind it ends the run with
 * {@code SOURCE_POSITION_LOST}. With {@code scan.change-stream.split-large-event.enabled}, events
 * over 16 MB come in fragments that {@link SplitEventAssembler} puts back together; only a whole
 * event moves the position, so no checkpoint (heartbeats included) ever lies between fragments.
 */
public final class MongoStreamReader implements StreamReader<ChangeStreamPosition> {
    private static final Logger LOG = LoggerFactory.getLogger(MongoStreamReader.class);
    private static final BsonDocument SPLIT_LARGE_EVENT_STAGE = new BsonDocument("$changeStreamSplitLargeEvent", new BsonDocument());
    private static final Codec<ChangeStreamDocument<BsonDocument>> EVENT_CODEC =
            ChangeStreamDocument.createCodec(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());

    private final MongoSourceOptions options;
    private final MongoConnections connections;
    private final ChangeStreamPosition start;
    private final Set<TableId> collections;
    private final SnapshotCoverage<ChangeStreamPosition> coverage;
    private final Optional<ChangeStreamPosition> newestMarker;
    private final ChangeEventDecoder decoder;
    private final SplitEventAssembler fragments;
    private MongoClient client;
    private MongoChangeStreamCursor<RawBsonDocument> cursor;
    private ChangeStreamPosition last;
    private long lastHeartbeatNanos = System.nanoTime();
    /** When {@link #poll()} last asked the server, for {@link #pollArrived()}. */
    private long lastServerPollNanos = System.nanoTime();
    private volatile long lastEventMillis;
    private volatile long acknowledgedMillis;

    public MongoStreamReader(MongoSourceOptions options, MongoConnections connections, ChangeStreamPosition start,
            Map<TableId, io.tributary.core.model.TableSchema> schemas, SnapshotCoverage<ChangeStreamPosition> coverage) {
        this.options = requireNonNull(options, "options is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.start = requireNonNull(start, "start is null");
        this.collections = Set.copyOf(schemas.keySet());
        this.coverage = requireNonNull(coverage, "coverage is null");
        this.newestMarker = coverage.markers().stream().max(ChangeStreamPosition::compareTo);
        this.decoder = new ChangeEventDecoder(schemas, collections.size() == 1 ? Optional.of(collections.iterator().next()) : Optional.empty(),
                options.documentRows());
        this.fragments = new SplitEventAssembler("the change stream of " + connections.describeServer());
        this.last = start;
    }

    /** Opens the change stream; call once, before {@link #poll()}. */
    public void start() {
        client = connections.open();
        try {
            cursor = watch(start.resumeToken(), false);
        } catch (RuntimeException e) {
            close();
            throw classify(e);
        }
        LOG.info("Reading the change stream of {} ({}) from {}", connections.describeServer(), describeScope(), start);
    }

    /** The change stream's pipeline: empty, or {@code $changeStreamSplitLargeEvent}, which must be its last stage. */
    public static List<BsonDocument> pipeline(MongoSourceOptions options) {
        List<BsonDocument> stages = new ArrayList<>();
        if (options.splitLargeEvents()) {
            stages.add(SPLIT_LARGE_EVENT_STAGE.clone());
        }
        return stages;
    }

    /** Reads events as raw documents: fragments of a split event are merged before the driver's codec decodes them. */
    private MongoChangeStreamCursor<RawBsonDocument> watch(Optional<BsonDocument> token, boolean startAfter) {
        ChangeStreamIterable<BsonDocument> stream;
        List<BsonDocument> pipeline = pipeline(options);
        Set<String> databases = collections.stream().map(id -> id.database().orElseThrow()).collect(Collectors.toSet());
        if (collections.size() == 1) {
            TableId only = collections.iterator().next();
            stream = client.getDatabase(only.database().orElseThrow()).getCollection(only.table(), BsonDocument.class).watch(pipeline);
        } else if (databases.size() == 1) {
            stream = client.getDatabase(databases.iterator().next()).watch(pipeline, BsonDocument.class);
        } else {
            stream = client.watch(pipeline, BsonDocument.class);
        }
        stream = options.fullChangelog()
                ? stream.fullDocument(FullDocument.REQUIRED).fullDocumentBeforeChange(FullDocumentBeforeChange.REQUIRED)
                : stream.fullDocument(FullDocument.UPDATE_LOOKUP);
        stream = stream.batchSize(options.batchSize()).maxAwaitTime(options.pollAwaitTime().toMillis(), TimeUnit.MILLISECONDS);
        if (token.isPresent()) {
            stream = startAfter ? stream.startAfter(token.get()) : stream.resumeAfter(token.get());
        } else {
            stream = stream.startAtOperationTime(start.clusterTime());
        }
        MongoCursor<RawBsonDocument> raw = stream.withDocumentClass(RawBsonDocument.class).cursor();
        if (raw instanceof MongoChangeStreamCursor<RawBsonDocument> changeStream) {
            return changeStream;
        }
        raw.close();
        throw new IllegalStateException("The MongoDB driver returned a " + raw.getClass().getName() + " for a change stream, not a "
                + "MongoChangeStreamCursor, so resume tokens cannot be read: use the driver version this build pins.");
    }

    private String describeScope() {
        return collections.size() == 1 ? "collection " + collections.iterator().next() : collections.size() + " collections";
    }

    /**
     * Between snapshot chunks: the events the driver already holds, and a round trip to the server
     * (which waits up to poll.await.time.ms on an idle stream) only now and then, so an idle stream
     * costs a snapshot of many small chunks a fifth of its time at most.
     */
    @Override
    public List<StreamRecord<ChangeStreamPosition>> pollArrived() {
        if (cursor == null) {
            throw new IllegalStateException("The change stream of " + connections.describeServer() + " was polled before start()");
        }
        if (System.nanoTime() - lastServerPollNanos >= 5 * TimeUnit.MILLISECONDS.toNanos(options.pollAwaitTime().toMillis())) {
            return poll();
        }
        List<StreamRecord<ChangeStreamPosition>> records = new ArrayList<>();
        try {
            while (records.size() < options.batchSize() && cursor.available() > 0) {
                accept(cursor.tryNext(), records);
            }
        } catch (RuntimeException e) {
            throw classify(e);
        }
        return records;
    }

    @Override
    public List<StreamRecord<ChangeStreamPosition>> poll() {
        if (cursor == null) {
            throw new IllegalStateException("The change stream of " + connections.describeServer() + " was polled before start()");
        }
        List<StreamRecord<ChangeStreamPosition>> records = new ArrayList<>();
        long began = System.nanoTime();
        lastServerPollNanos = began;
        try {
            while (records.size() < options.batchSize()) {
                RawBsonDocument document = cursor.tryNext();
                if (document == null) {
                    break;
                }
                accept(document, records);
            }
        } catch (RuntimeException e) {
            throw classify(e);
        }
        if (records.isEmpty()) {
            heartbeat(records);
            // A server that answers an empty getMore at once (the in-build test server) would make this a busy loop.
            long waited = System.nanoTime() - began;
            long await = TimeUnit.MILLISECONDS.toNanos(options.pollAwaitTime().toMillis());
            if (records.isEmpty() && waited < await) {
                LockSupport.parkNanos(await - waited);
            }
        }
        return records;
    }

    /** Reads one document of the stream: a whole event, or a fragment of one, which moves the position only when it is the last. */
    void accept(BsonDocument document, List<StreamRecord<ChangeStreamPosition>> records) {
        Optional<BsonDocument> whole = fragments.accept(document);
        if (whole.isPresent()) {
            read(decode(whole.get()), records);
        }
    }

    static ChangeStreamDocument<BsonDocument> decode(BsonDocument event) {
        return EVENT_CODEC.decode(event instanceof RawBsonDocument raw ? raw.asBsonReader() : new BsonDocumentReader(event),
                DecoderContext.builder().build());
    }

    private void read(ChangeStreamDocument<BsonDocument> event, List<StreamRecord<ChangeStreamPosition>> records) {
        BsonTimestamp time = event.getClusterTime() != null ? event.getClusterTime()
                : ResumeTokens.clusterTime(event.getResumeToken()).orElse(last.clusterTime());
        int index = time.getValue() == last.clusterTime().getValue() && last.eventIndex() >= 0
                && last.eventIndex() < ChangeStreamPosition.AFTER_EVERY_EVENT - 1 ? last.eventIndex() + 1 : 0;
        ChangeStreamPosition position = ChangeStreamPosition.ofEvent(time, index, event.getResumeToken().getString("_data").getValue());
        if ("invalidate".equals(event.getOperationTypeString())) {
            // The watched collection was dropped or renamed: go on after it, should it come back.
            cursor.close();
            cursor = watch(Optional.of(event.getResumeToken()), true);
            last = position;
            records.add(StreamRecord.progress(position));
            return;
        }
        if (start.resumeToken().isEmpty() && position.compareTo(start) <= 0) {
            return; // at the start's cluster time, but not after it
        }
        last = position;
        lastEventMillis = position.instant().toEpochMilli();
        if (coveredBySnapshot(event, position)) {
            records.add(StreamRecord.progress(position));
            return;
        }
        List<Event> events = decoder.decode(event, position);
        if (events.isEmpty()) {
            records.add(StreamRecord.progress(position));
        }
        for (Event decoded : events) {
            records.add(StreamRecord.of(decoded, position));
        }
    }

    private boolean coveredBySnapshot(ChangeStreamDocument<BsonDocument> event, ChangeStreamPosition position) {
        if (newestMarker.isEmpty() || position.compareTo(newestMarker.get()) > 0) {
            return false;
        }
        Optional<TableId> collection = decoder.collectionOf(event);
        if (collection.isEmpty()) {
            return false;
        }
        Optional<Object> id = decoder.idColumn(collection.get(), event);
        if (id.isEmpty()) {
            return false;
        }
        return coverage.markerFor(collection.get(), new Object[] {id.get()}).map(marker -> position.compareTo(marker) <= 0).orElse(false);
    }

    /** On a quiet stream, saves the server's newer resume point (postBatchResumeToken) now and then. */
    private void heartbeat(List<StreamRecord<ChangeStreamPosition>> records) {
        if (fragments.holdsPartialEvent()) {
            return; // the server's resume point may lie between fragments; a restart must read the whole event again
        }
        if (options.heartbeatInterval().isZero() || System.nanoTime() - lastHeartbeatNanos < options.heartbeatInterval().toNanos()) {
            return;
        }
        lastHeartbeatNanos = System.nanoTime();
        BsonDocument token = cursor.getResumeToken();
        if (token == null || token.equals(last.resumeToken().orElse(null))) {
            return;
        }
        Optional<BsonTimestamp> time = ResumeTokens.clusterTime(token);
        if (time.isPresent() && Long.compareUnsigned(time.get().getValue(), last.clusterTime().getValue()) > 0) {
            last = new ChangeStreamPosition(time.get().getValue(), ChangeStreamPosition.AFTER_EVERY_EVENT - 1, Optional.of(token.getString("_data").getValue()));
            records.add(StreamRecord.progress(last));
        }
    }

    private TributaryException classify(RuntimeException e) {
        if (MongoFailures.isHistoryLost(e)) {
            Optional<ChangeStreamPosition> oldest = client == null ? Optional.empty()
                    : ServerClock.oldestOplogEntry(client).map(ChangeStreamPosition::atTime);
            return MongoFailures.positionLost(connections, last, oldest, e);
        }
        return MongoFailures.classify(e, connections, "read the change stream of " + describeScope(), "changeStream");
    }

    /** Nothing to release: the oplog is the server's, and our resume token is only in the checkpoint. */
    @Override
    public void acknowledge(ChangeStreamPosition position) {
        acknowledgedMillis = position.instant().toEpochMilli();
    }

    @Override
    public Map<String, Supplier<Number>> metrics() {
        return Map.of(
                "tributary_mongodb_last_event_age_seconds", () -> lastEventMillis == 0 ? 0 : Math.max(0, System.currentTimeMillis() - lastEventMillis) / 1000.0,
                "tributary_mongodb_acknowledged_lag_seconds", () -> acknowledgedMillis == 0 ? 0 : Math.max(0, System.currentTimeMillis() - acknowledgedMillis) / 1000.0);
    }

    @Override
    public void close() {
        if (cursor != null) {
            cursor.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
