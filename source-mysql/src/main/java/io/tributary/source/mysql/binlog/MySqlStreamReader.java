package io.tributary.source.mysql.binlog;

import static java.util.Objects.requireNonNull;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the binary log as a replica would (one connection, the configured server id) and turns
 * row events of captured tables into change events, and table DDL into schema changes (decoding:
 * {@link BinlogEventDecoder}; schemas: {@link BinlogSchemaTracker}).
 *
 * <p>A change is dropped when the snapshot chunk holding its key was read under a view that already
 * contains its transaction (the transaction starts before the chunk's marker).
 *
 * <p>The replication client decodes on its own thread into a bounded queue, so a slow pipeline
 * holds the server's dump thread back instead of filling memory. A broken connection, or an event
 * the client's thread could not hand over to that queue, fails the reader once the records queued
 * before it are polled; the job then restarts from its last checkpoint. Nothing is ever skipped.
 *
 * <p>The server is asked for a heartbeat every {@code heartbeat.interval} while it has nothing
 * to send. Silence for that long plus {@code connect.timeout} means a network cut that closed
 * nothing (the client's read would wait for ever), so the reader fails as unreachable.
 */
public final class MySqlStreamReader implements StreamReader<BinlogPosition> {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlStreamReader.class);
    private static final int QUEUE_CAPACITY = 4096;
    /**
     * The most heap the records waiting in the queue may hold (by {@link DataChangeEvent#estimatedBytes()}):
     * 4,096 rows of a table with large values must not exhaust it. A record larger than this waits
     * for an empty queue and goes alone.
     */
    static final int QUEUE_BYTES = 64 << 20;
    private static final int MAX_BATCH = 2048;
    private static final long POLL_WAIT_MILLIS = 200;

    private final MySqlSourceOptions options;
    private final MySqlConnectionFactory connections;
    private final BinlogPosition start;
    private final boolean resumeByGtid;
    private final BinlogSchemaTracker schemas;
    private final BinlogEventDecoder decoder;
    private final BinlogFailureClassifier failures;
    private final BinaryLogClient client;
    private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Semaphore queueBytes = new Semaphore(QUEUE_BYTES);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong lastEventMillis = new AtomicLong();
    /** When the client's thread last heard from the server (any event, heartbeats too) or got past a full queue. */
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean closed;
    private boolean started;

    public MySqlStreamReader(MySqlSourceOptions options, MySqlConnectionFactory connections, ServerFlavor flavor, BinlogPosition start,
            Map<TableId, TableSchema> schemas, SnapshotCoverage<MySqlSnapshotMarker> coverage, boolean resumeByGtid) {
        this.options = requireNonNull(options, "options is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.start = requireNonNull(start, "start is null");
        this.resumeByGtid = resumeByGtid;
        this.failures = new BinlogFailureClassifier(connections.describeServer(), options.serverIds().first(), options.username());
        this.schemas = new BinlogSchemaTracker(connections, flavor, options.tableFilter(), schemas, options.tinyint1AsBoolean());
        this.decoder = new BinlogEventDecoder(start, flavor, this.schemas, new SnapshotChunkFilter(coverage), options.timestampMillis(), this::put);
        this.client = newClient();
    }

    private BinaryLogClient newClient() {
        BinaryLogClient client = new BinaryLogClient(options.hostname(), options.port(), options.username(), options.password().orElse(""));
        client.setServerId(options.serverIds().first());
        client.setKeepAlive(false);
        client.setHeartbeatInterval(options.heartbeatInterval().toMillis());
        client.setConnectTimeout(options.connectTimeout().toMillis());
        BinlogTls.from(options.hostname(), options.port(), options.jdbcProperties()).applyTo(client);
        if (resumeByGtid && start.gtidSet().isPresent()) {
            client.setGtidSet(start.gtidSet().get());
        } else {
            client.setBinlogFilename(start.file());
            client.setBinlogPosition(start.position());
        }
        client.setEventDeserializer(BinlogEventDeserializers.create());
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

            @Override
            public void onDisconnect(BinaryLogClient c) {
                // A server that shuts down closes the connection cleanly: no communication failure
                // is reported, and without this the reader would wait in silence.
                fail(new IOException("the server closed the binlog connection"));
            }
        });
        return client;
    }

    /**
     * Reads the captured tables' column definitions and connects to the binlog; the constructor only
     * wires, so whoever owns the reader decides when it touches the server. Call once, before {@link #poll()}.
     */
    public void start() {
        if (started) {
            throw new IllegalStateException("The binlog reader of " + connections.describeServer() + " was started already");
        }
        started = true;
        schemas.load();
        try {
            client.connect(options.connectTimeout().toMillis());
        } catch (IOException | TimeoutException e) {
            Throwable cause = failure.get() != null ? failure.get() : e;
            throw failures.classify(cause, start);
        }
        lastHeardNanos = System.nanoTime();
        LOG.info("Reading the binlog of {} from {}{}", connections.describeServer(), start, resumeByGtid ? " by GTID set" : "");
    }

    @Override
    public List<StreamRecord<BinlogPosition>> poll() throws InterruptedException {
        return poll(POLL_WAIT_MILLIS);
    }

    @Override
    public List<StreamRecord<BinlogPosition>> pollArrived() throws InterruptedException {
        return poll(0);
    }

    private List<StreamRecord<BinlogPosition>> poll(long waitMillis) throws InterruptedException {
        if (!started) {
            throw new IllegalStateException("The binlog reader of " + connections.describeServer() + " was polled before start()");
        }
        Throwable failed = failure.get();
        if (failed != null && queue.isEmpty()) {
            throw failures.classify(failed, decoder.position());
        }
        List<Queued> taken = new ArrayList<>();
        Queued first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            failIfSilent();
            return List.of();
        }
        taken.add(first);
        queue.drainTo(taken, MAX_BATCH - 1);
        List<StreamRecord<BinlogPosition>> batch = new ArrayList<>(taken.size());
        int bytes = 0;
        for (Queued queued : taken) {
            batch.add(queued.record());
            bytes += queued.bytes();
        }
        queueBytes.release(bytes);
        return batch;
    }

    private void failIfSilent() {
        long silentNanos = System.nanoTime() - lastHeardNanos;
        if (silentNanos > options.heartbeatInterval().plus(options.connectTimeout()).toNanos()) {
            throw new TributaryException(ErrorCode.SOURCE_UNREACHABLE, "The binlog connection to " + connections.describeServer() + " has been silent for "
                    + TimeUnit.NANOSECONDS.toSeconds(silentNanos) + " s, without even the heartbeat the server sends every "
                    + options.heartbeatInterval().toSeconds() + " s (heartbeat.interval) when idle: the server or the network to it is down. The "
                    + "pipeline restarts from its last checkpoint and reconnects with back-off.");
        }
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
        lastHeardNanos = System.nanoTime();
        if (closed || failure.get() != null) {
            return;
        }
        EventHeaderV4 header = event.getHeader();
        if (header.getTimestamp() > 0) {
            lastEventMillis.set(header.getTimestamp());
        }
        try {
            decoder.decode(event);
        } catch (InterruptedException e) {
            // The event is half handed over at best: skipping it would lose changes, so fail the reader.
            Thread.currentThread().interrupt();
            fail(failures.handOverInterrupted(decoder.position(), e));
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void put(StreamRecord<BinlogPosition> record) throws InterruptedException {
        int bytes = (int) Math.min(QUEUE_BYTES, record.event().filter(DataChangeEvent.class::isInstance)
                .map(event -> ((DataChangeEvent) event).estimatedBytes()).orElse(64L));
        boolean room = false;
        while (!closed && !(room = queueBytes.tryAcquire(bytes, POLL_WAIT_MILLIS, TimeUnit.MILLISECONDS))) {
            // The pipeline is behind on big rows: waiting here holds the server's dump thread back.
        }
        while (room && !closed && !queue.offer(new Queued(record, bytes), POLL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            // The pipeline is behind: waiting here holds the server's dump thread back.
        }
        lastHeardNanos = System.nanoTime(); // the silence while we waited was ours, not the server's
    }

    /** A record waiting in the queue, with the bytes of the queue's budget it holds. */
    private record Queued(StreamRecord<BinlogPosition> record, int bytes) {}
}
