package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.postgres.PostgresConnectionFactory;
import io.tributary.source.postgres.catalog.PostgresColumnDefaults;
import io.tributary.source.postgres.PostgresPosition;
import io.tributary.source.postgres.PostgresSnapshotMarker;
import io.tributary.source.jdbc.ThreePartTableFilter;
import io.tributary.source.postgres.catalog.PostgresKeyFacts;
import io.tributary.source.postgres.catalog.PostgresServerInfo;
import io.tributary.source.postgres.catalog.PostgresTypes;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Streams changes from the slot with pgoutput and turns them into records (see
 * {@link PgOutputEventAssembler}). Owns a replication connection and a normal connection for type
 * look-ups and the heartbeat query; used by one thread at a time.
 *
 * <p>{@link #poll()} returns within about 200 ms with up to {@value #MAX_RECORDS} records. While
 * idle it keeps the server informed (status updates every heartbeat interval) and turns the
 * server's keepalives into progress records, so acknowledging them lets the slot release WAL even
 * when the captured tables never change.
 */
public final class PostgresStreamReader implements StreamReader<PostgresPosition> {
    private static final int MAX_RECORDS = 4096;
    /**
     * The most bytes of pgoutput messages one poll decodes, so that a transaction of rows with large
     * values is handed on in several batches rather than one.
     */
    static final long MAX_BATCH_BYTES = 16L << 20;
    private static final long SLOT_MEASUREMENT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Set by {@link #wakeUp()} from the reader's other thread; cleared by the idle poll it cuts short. */
    private volatile boolean woken;
    private static final long MAX_BUSY_NANOS = TimeUnit.MILLISECONDS.toNanos(400);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Connection replicationConnection;
    private final PGReplicationStream stream;
    private final Connection sideConnection;
    private final String slotName;
    private final String server;
    private final Duration readTimeout;
    private long nextSlotMeasurement;
    private volatile long retainedWalBytes;
    private final PgOutputEventAssembler assembler;
    private final Optional<String> heartbeatQuery;
    private final long heartbeatNanos;
    private long nextHeartbeatQuery;
    private long acknowledgedLsn;
    /** When the last {@link #poll()} returned: how long the pipeline held this reader back since. */
    private long lastPollEndNanos = System.nanoTime();

    private PostgresStreamReader(Connection replicationConnection, PGReplicationStream stream, Connection sideConnection, String server,
            Duration readTimeout, String slotName,
            PgOutputEventAssembler assembler, Optional<String> heartbeatQuery, Duration heartbeatInterval, long acknowledgedLsn) {
        this.slotName = slotName;
        this.server = server;
        this.readTimeout = readTimeout;
        this.replicationConnection = replicationConnection;
        this.stream = stream;
        this.sideConnection = sideConnection;
        this.assembler = assembler;
        this.heartbeatQuery = heartbeatQuery;
        this.heartbeatNanos = heartbeatInterval.toNanos();
        this.nextHeartbeatQuery = System.nanoTime() + heartbeatNanos;
        this.acknowledgedLsn = acknowledgedLsn;
    }

    /**
     * What opening a stream needs besides the connections.
     *
     * @param tables the {@code tables} patterns: a table the stream meets for the first time is captured when they match it
     */
    public record Settings(ThreePartTableFilter tables, String slotName, String publicationName, Duration heartbeatInterval,
            Optional<String> heartbeatQuery) {
        public Settings {
            requireNonNull(tables, "tables is null");
            requireNonNull(slotName, "slotName is null");
            requireNonNull(publicationName, "publicationName is null");
            requireNonNull(heartbeatInterval, "heartbeatInterval is null");
            requireNonNull(heartbeatQuery, "heartbeatQuery is null");
        }
    }

    /** Starts streaming from the slot, resuming after {@code start}. */
    public static PostgresStreamReader open(PostgresConnectionFactory connections, Settings settings, PostgresPosition start,
            Map<TableId, TableSchema> schemas, SnapshotCoverage<PostgresSnapshotMarker> coverage) {
        Connection side = connections.openWithReadTimeout();
        Connection replication = null;
        try {
            PostgresServerInfo server = PostgresServerInfo.load(side);
            ReplicationSlot slot = checkSlot(side, settings.slotName(), start);
            long nextXid;
            try (Statement statement = side.createStatement(); ResultSet rs = statement.executeQuery("SELECT " + server.nextTransactionIdExpression())) {
                rs.next();
                nextXid = rs.getLong(1);
            }
            ThreePartTableFilter tables = settings.tables();
            RelationSchemas relationSchemas = new RelationSchemas(schemas, table -> tables.matches(table.schema().orElseThrow(), table.table()),
                    new CurrentCatalog(side));
            PgOutputEventAssembler assembler = new PgOutputEventAssembler(tables.database(), new PostgresTypes(side), relationSchemas,
                    new ChangeVisibility(coverage), new TransactionIdWidener(nextXid), start);
            replication = connections.openReplication();
            PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(settings.slotName())
                    .withStartPosition(LogSequenceNumber.valueOf(start.lsn()))
                    .withSlotOption("proto_version", 1)
                    .withSlotOption("publication_names", '"' + settings.publicationName() + '"')
                    .withStatusInterval((int) Math.min(Integer.MAX_VALUE, settings.heartbeatInterval().toMillis()), TimeUnit.MILLISECONDS)
                    .withAutomaticFlush(false)
                    .start();
            return new PostgresStreamReader(replication, stream, side, connections.describeServer(), connections.readTimeout(), settings.slotName(), assembler, settings.heartbeatQuery(), settings.heartbeatInterval(),
                    slot.confirmedFlushLsn());
        } catch (SQLException e) {
            closeQuietly(replication);
            closeQuietly(side);
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not start streaming from slot " + settings.slotName() + " on "
                    + connections.describeServer() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(replication);
            closeQuietly(side);
            throw e;
        }
    }

    /** The catalog as it is now, on the side connection; a table gone since then has no defaults and no key. */
    private record CurrentCatalog(Connection side) implements RelationSchemas.CatalogLookup {
        @Override
        public Map<String, String> defaults(TableId table) {
            try {
                Map<String, String> defaults = PostgresColumnDefaults.expressions(side, table);
                endTransaction();
                return defaults;
            } catch (SQLException e) {
                rollback();
                LoggerFactory.getLogger(PostgresStreamReader.class).warn("Could not read the column defaults of {} ({}); its columns are"
                        + " carried without defaults", table, e.getMessage());
                return Map.of();
            }
        }

        @Override
        public PostgresKeyFacts keyFacts(TableId table) {
            try {
                PostgresKeyFacts facts = PostgresKeyFacts.load(side, table);
                endTransaction();
                return facts;
            } catch (SQLException e) {
                rollback();
                LoggerFactory.getLogger(PostgresStreamReader.class).warn("Could not read the primary key of {} ({}); it is captured without "
                        + "one, every column nullable", table, e.getMessage());
                return PostgresKeyFacts.NONE;
            }
        }

        private void endTransaction() throws SQLException {
            if (!side.getAutoCommit()) {
                side.commit();
            }
        }

        /** Ends a transaction the failed query aborted, so that the connection serves the next one. */
        private void rollback() {
            try {
                if (!side.getAutoCommit()) {
                    side.rollback();
                }
            } catch (SQLException e) {
                // The next query on the connection reports whatever is wrong with it.
            }
        }
    }

    private static ReplicationSlot checkSlot(Connection connection, String slotName, PostgresPosition start) throws SQLException {
        ReplicationSlot slot = ReplicationSlot.find(connection, slotName).orElseThrow(() -> new TributaryException(ErrorCode.SOURCE_POSITION_LOST,
                "Replication slot " + slotName + " no longer exists, so the changes since the last checkpoint are gone. Empty the state "
                        + "directory and the target, and start the pipeline again to snapshot afresh (the slot is then created anew)."));
        if (slot.lost()) {
            throw new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "Replication slot " + slotName + " has lost WAL it needed "
                    + "(max_slot_wal_keep_size was exceeded). Empty the state directory and the target, drop the slot, and start again.");
        }
        if (Long.compareUnsigned(slot.confirmedFlushLsn(), start.lsn()) > 0) {
            throw new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "Replication slot " + slotName + " already confirmed "
                    + slot.confirmedFlush() + ", past this pipeline's position " + start + ": another consumer advanced it, or the pipeline "
                    + "was restored from an older checkpoint. The changes in between are gone; start the pipeline afresh.");
        }
        return slot;
    }

    @Override
    public List<StreamRecord<PostgresPosition>> poll() {
        return poll(true);
    }

    /** Whether a snapshot opened now holds every transaction this reader returned changes of (see {@link EmittedTransactions}). */
    public boolean emittedVisibleIn(PostgresSnapshotMarker view) {
        return assembler.emittedVisibleIn(view);
    }

    @Override
    public List<StreamRecord<PostgresPosition>> pollArrived() {
        return poll(false);
    }

    /** Ends a waiting poll early: a chunk to read beside the stream arrived, and this poll would otherwise hold it up to 200 ms. */
    @Override
    public void wakeUp() {
        woken = true;
    }

    private List<StreamRecord<PostgresPosition>> poll(boolean waitWhenIdle) {
        List<StreamRecord<PostgresPosition>> records = new ArrayList<>();
        runHeartbeatQueryIfDue();
        measureSlotIfDue();
        long started = System.nanoTime();
        long backoff = TimeUnit.MICROSECONDS.toNanos(500);
        long bytes = 0;
        while (records.size() < MAX_RECORDS) {
            ByteBuffer message = readPending();
            long elapsed = System.nanoTime() - started;
            if (message != null) {
                // Decoded rows take a few times their pgoutput text on the heap: the message's size bounds the batch well enough.
                bytes += message.remaining();
                assembler.handle(message, records);
                if (elapsed > MAX_BUSY_NANOS || bytes > MAX_BATCH_BYTES) {
                    break;
                }
                continue;
            }
            if (!records.isEmpty()) {
                break;
            }
            assembler.idle(stream.getLastReceiveLSN().asLong(), records);
            if (!records.isEmpty() || !waitWhenIdle || elapsed > MAX_IDLE_WAIT_NANOS) {
                break;
            }
            if (woken) {
                woken = false; // a wake-up that came before this poll only cuts it short once
                break;
            }
            // pgjdbc has no read with a timeout: wait briefly before asking the socket again.
            LockSupport.parkNanos(backoff);
            backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
        }
        lastPollEndNanos = System.nanoTime();
        return records;
    }

    private ByteBuffer readPending() {
        try {
            return stream.readPending();
        } catch (SQLException e) {
            long heldBackSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lastPollEndNanos);
            String heldBack = heldBackSeconds < 2 ? "" : ". The pipeline had not read the stream for " + heldBackSeconds + " s, held back by a "
                    + "slower sink, and the server ends a replica that stays silent for wal_sender_timeout; raise it if this repeats";
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The replication stream failed: " + e.getMessage() + heldBack
                    + ". The pipeline restarts from its last checkpoint.", e);
        }
    }

    private void runHeartbeatQueryIfDue() {
        if (heartbeatQuery.isEmpty() || System.nanoTime() - nextHeartbeatQuery < 0) {
            return;
        }
        nextHeartbeatQuery = System.nanoTime() + heartbeatNanos;
        try (Statement statement = sideConnection.createStatement()) {
            statement.execute(heartbeatQuery.get());
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "heartbeat.action.query failed: " + e.getMessage()
                    + ". Fix the query (it runs in the captured database as the source's user) or remove the option.", e);
        }
    }

    /**
     * Every few seconds: how much WAL the slot keeps the server from recycling. The query is also
     * how a network cut is noticed: its connection's reads give up after {@code connect.timeout},
     * while the replication connection only ever polls and would wait in silence for ever.
     */
    private void measureSlotIfDue() {
        if (System.nanoTime() - nextSlotMeasurement < 0) {
            return;
        }
        nextSlotMeasurement = System.nanoTime() + SLOT_MEASUREMENT_NANOS;
        try (var statement = sideConnection.prepareStatement(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, slotName);
            try (var rs = statement.executeQuery()) {
                if (rs.next()) {
                    retainedWalBytes = rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            if (timedOut(e)) {
                throw new TributaryException(ErrorCode.SOURCE_UNREACHABLE, "PostgreSQL at " + server + " did not answer within "
                        + readTimeout.toSeconds() + " s (connect.timeout) while streaming: the server or the network to it is down. The "
                        + "pipeline restarts from its last checkpoint and reconnects with back-off; nothing after that checkpoint was "
                        + "acknowledged to the slot.", e);
            }
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Reading the state of replication slot " + slotName + " failed: "
                    + e.getMessage() + ". The pipeline restarts from its last checkpoint.", e);
        }
    }

    private static boolean timedOut(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** {@code tributary_postgres_slot_retained_wal_bytes}: WAL the slot holds back, measured every few seconds. */
    @Override
    public java.util.Map<String, java.util.function.Supplier<Number>> metrics() {
        return java.util.Map.of("tributary_postgres_slot_retained_wal_bytes", () -> retainedWalBytes);
    }

    /** Confirms {@code position}'s LSN to the slot now; the slot then keeps only WAL after it. */
    @Override
    public void acknowledge(PostgresPosition position) throws SQLException {
        long lsn = position.lsn();
        if (Long.compareUnsigned(lsn, acknowledgedLsn) <= 0) {
            return;
        }
        LogSequenceNumber confirmed = LogSequenceNumber.valueOf(lsn);
        stream.setFlushedLSN(confirmed);
        stream.setAppliedLSN(confirmed);
        stream.forceUpdateStatus();
        acknowledgedLsn = lsn;
    }

    /** The position after the last record returned. */
    public PostgresPosition position() {
        return assembler.position();
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (SQLException e) {
            // The connection is closed below either way; the slot keeps the last confirmed position.
        }
        closeQuietly(replicationConnection);
        closeQuietly(sideConnection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Nothing is lost: the slot only moves on acknowledgement.
            }
        }
    }
}
