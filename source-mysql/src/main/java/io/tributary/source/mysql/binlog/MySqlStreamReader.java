package io.tributary.source.mysql.binlog;

import static java.util.Objects.requireNonNull;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.mysql.BinlogPosition;
import io.tributary.source.mysql.MySqlConnectionFactory;
import io.tributary.source.mysql.MySqlSnapshotMarker;
import io.tributary.source.mysql.MySqlSourceOptions;
import io.tributary.source.mysql.catalog.ServerFlavor;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the binary log as a replica would (one connection, the configured server id) and turns
 * row events of captured tables into change events, and table DDL into schema changes.
 *
 * <p>Positions are transaction starts plus the number of captured row changes already emitted in
 * that transaction, so a restart resumes inside a large transaction without repeating a row.
 * A change is dropped when the snapshot chunk holding its key was read under a view that already
 * contains its transaction (the transaction starts before the chunk's marker).
 *
 * <p>The replication client decodes on its own thread into a bounded queue, so a slow pipeline
 * holds the server's dump thread back instead of filling memory. A broken connection fails the
 * reader; the job then restarts from its last checkpoint.
 */
public final class MySqlStreamReader implements StreamReader<BinlogPosition> {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlStreamReader.class);
    private static final int QUEUE_CAPACITY = 4096;
    private static final int MAX_BATCH = 2048;
    private static final long POLL_WAIT_MILLIS = 200;

    private final MySqlSourceOptions options;
    private final MySqlConnectionFactory connections;
    private final ServerFlavor flavor;
    private final SnapshotCoverage<MySqlSnapshotMarker> coverage;
    private final BinaryLogClient client;
    private final BinlogFailureClassifier failures;
    private final BlockingQueue<StreamRecord<BinlogPosition>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong lastEventMillis = new AtomicLong();
    private volatile boolean closed;

    // Decoder state, touched only by the replication client's thread.
    private final BinlogSchemaTracker schemas;
    /** The newest view any snapshot chunk was read under: changes from here on are never in a chunk. */
    private final Optional<BinlogPosition> newestView;
    private final GtidSet gtids;
    private final Optional<Long> notBeforeMillis;
    private String file;
    private BinlogPosition transactionStart;
    private String transactionGtid;
    private long rowsInTransaction;
    private long rowsToSkip;
    private boolean inTransaction;
    private boolean groupIsStatement;

    public MySqlStreamReader(MySqlSourceOptions options, MySqlConnectionFactory connections, ServerFlavor flavor, BinlogPosition start,
            Map<TableId, TableSchema> schemas, SnapshotCoverage<MySqlSnapshotMarker> coverage, boolean resumeByGtid) {
        this.options = requireNonNull(options, "options is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.flavor = requireNonNull(flavor, "flavor is null");
        this.coverage = requireNonNull(coverage, "coverage is null");
        this.newestView = coverage.markers().stream().flatMap(marker -> marker.position().stream())
                .max(BinlogPosition::compareFileAndOffset);
        this.failures = new BinlogFailureClassifier(connections.describeServer(), options.serverIds().first(), options.username());
        this.notBeforeMillis = options.timestampMillis();
        String startGtids = start.gtidSet().orElse("");
        this.gtids = flavor == ServerFlavor.MARIADB ? new MariadbGtidSet(startGtids) : new GtidSet(startGtids);
        this.file = start.file();
        this.transactionStart = start;
        this.rowsToSkip = start.rowsToSkip();
        this.schemas = new BinlogSchemaTracker(connections, flavor, options.tableFilter(), schemas);
        this.schemas.load();

        client = new BinaryLogClient(options.hostname(), options.port(), options.username(), options.password().orElse(""));
        client.setServerId(options.serverIds().first());
        client.setKeepAlive(false);
        client.setHeartbeatInterval(options.heartbeatInterval().toMillis());
        client.setConnectTimeout(options.connectTimeout().toMillis());
        if (resumeByGtid && start.gtidSet().isPresent()) {
            client.setGtidSet(start.gtidSet().get());
        } else {
            client.setBinlogFilename(start.file());
            client.setBinlogPosition(start.position());
        }
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY,
                EventDeserializer.CompatibilityMode.INVALID_DATE_AND_TIME_AS_MIN_VALUE);
        client.setEventDeserializer(deserializer);
        client.registerEventListener(this::onEvent);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception e) {
                fail(e);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception e) {
                fail(e);
            }
        });
        try {
            client.connect(options.connectTimeout().toMillis());
        } catch (IOException | TimeoutException e) {
            Throwable cause = failure.get() != null ? failure.get() : e;
            throw failures.classify(cause, start);
        }
        LOG.info("Reading the binlog of {} from {}{}", connections.describeServer(), start, resumeByGtid ? " by GTID set" : "");
    }

    @Override
    public List<StreamRecord<BinlogPosition>> poll() throws InterruptedException {
        Throwable failed = failure.get();
        if (failed != null && queue.isEmpty()) {
            throw failures.classify(failed, transactionStart);
        }
        List<StreamRecord<BinlogPosition>> batch = new ArrayList<>();
        StreamRecord<BinlogPosition> first = queue.poll(POLL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null) {
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
        }
        return batch;
    }

    /** The binlog is the server's; its retention (binlog_expire_logs_seconds) is not ours to move. */
    @Override
    public void acknowledge(BinlogPosition position) {}

    @Override
    public Map<String, Supplier<Number>> metrics() {
        return Map.of("tributary_mysql_binlog_last_event_age_seconds", () -> {
            long last = lastEventMillis.get();
            return last == 0 ? 0 : Math.max(0, System.currentTimeMillis() - last) / 1000.0;
        });
    }

    @Override
    public void close() {
        closed = true;
        try {
            client.disconnect();
        } catch (IOException e) {
            LOG.debug("Closing the binlog connection failed: {}", e.getMessage());
        }
    }

    private void fail(Throwable e) {
        if (!closed) {
            failure.compareAndSet(null, e);
        }
    }

    private void onEvent(Event event) {
        if (closed || failure.get() != null) {
            return;
        }
        try {
            handle(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void handle(Event event) throws InterruptedException {
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        if (header.getTimestamp() > 0) {
            lastEventMillis.set(header.getTimestamp());
        }
        switch (type) {
            case ROTATE -> file = ((RotateEventData) event.getData()).getBinlogFilename();
            // MySQL: a GTID, then BEGIN and row events up to an XID, or a single statement (DDL).
            case GTID -> beginTransaction(header, ((GtidEventData) event.getData()).getGtid(), true);
            // MariaDB: the GTID event opens the group itself and flags a single statement as standalone.
            case MARIADB_GTID -> {
                MariadbGtidEventData data = event.getData();
                beginTransaction(header, data.getDomainId() + "-" + data.getServerId() + "-" + data.getSequence(),
                        (data.getFlags() & MariadbGtidEventData.FL_STANDALONE) != 0);
            }
            case QUERY -> onQuery(header, event.getData());
            case TABLE_MAP -> schemas.onTableMap(event.getData());
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData data = event.getData();
                for (Serializable[] row : data.getRows()) {
                    onRow(header, data.getTableId(), Optional.empty(), Optional.of(row));
                }
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData data = event.getData();
                for (Map.Entry<Serializable[], Serializable[]> row : data.getRows()) {
                    onRow(header, data.getTableId(), Optional.of(row.getKey()), Optional.of(row.getValue()));
                }
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData data = event.getData();
                for (Serializable[] row : data.getRows()) {
                    onRow(header, data.getTableId(), Optional.of(row), Optional.empty());
                }
            }
            case XID -> commit(header);
            default -> {
                // FORMAT_DESCRIPTION, HEARTBEAT, PREVIOUS_GTIDS, ANNOTATE_ROWS, ...: nothing to emit.
            }
        }
    }

    private void beginTransaction(EventHeaderV4 header, String gtid, boolean statement) {
        transactionStart = new BinlogPosition(file, header.getPosition(), currentGtids());
        transactionGtid = gtid;
        rowsInTransaction = 0;
        inTransaction = true;
        groupIsStatement = statement;
    }

    private void onQuery(EventHeaderV4 header, QueryEventData data) throws InterruptedException {
        String sql = data.getSql().trim();
        if (sql.equalsIgnoreCase("BEGIN")) {
            if (inTransaction) {
                groupIsStatement = false;
            } else {
                beginTransaction(header, null, false);
            }
            return;
        }
        if (sql.equalsIgnoreCase("COMMIT")) {
            commit(header);
            return;
        }
        if (!inTransaction) {
            beginTransaction(header, null, true);
        }
        Optional<DdlStatement> ddl = DdlStatement.parse(sql, data.getDatabase());
        if (ddl.isPresent()) {
            for (SchemaChangeEvent change : schemas.apply(ddl.get(), sql)) {
                put(StreamRecord.of(change, transactionStart.withRowsEmitted(rowsInTransaction)));
            }
        }
        if (groupIsStatement) {
            // A statement group (DDL, GRANT, ...) commits by itself; there is no XID event after it.
            commit(header);
        }
    }

    private void onRow(EventHeaderV4 header, long tableNumber, Optional<Serializable[]> before, Optional<Serializable[]> after)
            throws InterruptedException {
        Optional<BinlogSchemaTracker.CapturedValues> captured = schemas.valuesOf(tableNumber);
        if (captured.isEmpty()) {
            return;
        }
        TableId tableId = captured.get().tableId();
        BinlogValues values = captured.get().values();
        rowsInTransaction++;
        if (rowsToSkip > 0) {
            rowsToSkip--; // emitted before the restart
            return;
        }
        if (notBeforeMillis.isPresent() && header.getTimestamp() < notBeforeMillis.get()) {
            return;
        }
        Optional<Object[]> beforeRow = before.map(values::row);
        Optional<Object[]> afterRow = after.map(values::row);
        Object[] row = afterRow.orElseGet(beforeRow::get);
        if (snapshotHolds(tableId, values.schema(), row)) {
            return;
        }
        long timestamp = header.getTimestamp();
        DataChangeEvent change = beforeRow.isEmpty() ? DataChangeEvent.insert(tableId, afterRow.get(), timestamp)
                : afterRow.isEmpty() ? DataChangeEvent.delete(tableId, beforeRow.get(), timestamp)
                : DataChangeEvent.update(tableId, beforeRow, afterRow.get(), timestamp);
        put(StreamRecord.of(change.withSourcePosition(Optional.of(sourcePosition(header))), transactionStart.withRowsEmitted(rowsInTransaction)));
    }

    /** Debezium's MySQL position fields: the transaction's file and offset, its GTID, the origin server and the row in it. */
    private SourcePosition sourcePosition(EventHeaderV4 header) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("file", transactionStart.file());
        fields.put("pos", transactionStart.position());
        if (transactionGtid != null) {
            fields.put("gtid", transactionGtid);
        }
        fields.put("server_id", header.getServerId());
        fields.put("row", rowsInTransaction - 1);
        return SourcePosition.ofLog(fields);
    }

    /** True when the chunk holding this key was read under a view that already has this transaction. */
    private boolean snapshotHolds(TableId tableId, TableSchema schema, Object[] row) {
        if (newestView.isEmpty() || transactionStart.compareFileAndOffset(newestView.get()) >= 0) {
            return false; // past every chunk's view: no per-key lookup needed
        }
        int[] keyIndexes = schema.primaryKeyIndexes();
        Object[] key = new Object[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            key[i] = row[keyIndexes[i]];
        }
        Optional<MySqlSnapshotMarker> marker = coverage.markerFor(tableId, key);
        return marker.flatMap(MySqlSnapshotMarker::position).map(view -> transactionStart.compareFileAndOffset(view) < 0).orElse(false);
    }

    private void commit(EventHeaderV4 header) throws InterruptedException {
        if (transactionGtid != null) {
            gtids.add(transactionGtid);
        }
        inTransaction = false;
        transactionGtid = null;
        rowsToSkip = 0;
        transactionStart = new BinlogPosition(file, header.getNextPosition(), currentGtids());
        put(StreamRecord.progress(transactionStart));
    }

    private Optional<String> currentGtids() {
        String text = gtids.toString();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    private void put(StreamRecord<BinlogPosition> record) throws InterruptedException {
        while (!closed && !queue.offer(record, POLL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            // The pipeline is behind: waiting here holds the server's dump thread back.
        }
    }
}
