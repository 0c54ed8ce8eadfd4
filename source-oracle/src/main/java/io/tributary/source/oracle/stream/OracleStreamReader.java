package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.engine.spi.OffsetCommitPolicy;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.oracle.OracleFailures;
import io.tributary.source.oracle.RedoPosition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads the redo log through Debezium's Oracle connector run in its embedded engine, on a thread
 * of its own: the engine's consumer hands each batch of records to a bounded queue (blocking the
 * engine while the queue is full, which is the backpressure that stops mining) and
 * {@link #poll()} turns them into the stream's records with a {@link ChangeAssembler}.
 *
 * <p>The engine starts from the connector offset the start position carries and keeps its offsets
 * in memory ({@link OwnedOffsetBackingStore}); what survives a failure is the offset in the
 * position of the last record the pipeline checkpointed. Its schema history is rebuilt from the
 * catalog at every start ({@code snapshot.mode=recovery}), since LogMiner's online catalog reads
 * every change with the tables' current definitions anyway.
 */
public final class OracleStreamReader implements StreamReader<RedoPosition> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OracleStreamReader.class);
    private static final int QUEUE_BATCHES = 8;
    private static final long POLL_WAIT_MILLIS = 200;

    /** What the engine's thread hands over: a batch of records, or the end of the engine's run. */
    private sealed interface Delivery {
        record Batch(List<SourceRecord> records) implements Delivery {}
        record Ended(boolean success, String message, Throwable error) implements Delivery {}
    }

    private final Properties properties;
    private final ChangeAssembler assembler;
    private final StreamOffsets offsets;
    private final BlockingQueue<Delivery> deliveries = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final AtomicReference<Delivery.Ended> ended = new AtomicReference<>();
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong lastCommitMillis = new AtomicLong();
    private final List<StreamRecord<RedoPosition>> pending = new ArrayList<>();
    private HandleRegistry<StreamOffsets>.Registration offsetRegistration;
    private HandleRegistry<SchemaHistoryRecords>.Registration historyRegistration;
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private ExecutorService executor;
    private volatile boolean closing;

    /**
     * @param properties the engine's properties without the handles ({@link OracleEngineProperties#of}, whose binding
     *     handles are replaced here)
     * @param assembler the assembler, positioned at the start
     * @param startingRecords records to emit before any the engine reads (schema changes made while the pipeline was stopped)
     */
    public OracleStreamReader(Function<OracleEngineProperties.Binding, Properties> properties, ChangeAssembler assembler,
            List<StreamRecord<RedoPosition>> startingRecords) {
        requireNonNull(properties, "properties is null");
        this.assembler = requireNonNull(assembler, "assembler is null");
        RedoPosition start = assembler.position();
        if (!start.hasEngineOffset()) {
            throw new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "The checkpoint holds Oracle position " + start + " without the log "
                    + "reader's offset (it was written before the stream existed), so the stream cannot resume from it. Start the pipeline "
                    + "afresh with a new --state-dir.");
        }
        this.offsets = new StreamOffsets(Optional.of(start.engineOffset()));
        this.offsetRegistration = OwnedOffsetBackingStore.OWNERS.register(offsets);
        this.historyRegistration = OwnedSchemaHistory.OWNERS.register(new SchemaHistoryRecords(List.of()));
        this.properties = properties.apply(new OracleEngineProperties.Binding(offsetRegistration.handle(), historyRegistration.handle(), false,
                true));
        this.pending.addAll(startingRecords);
    }

    /** Starts the engine on its own thread. */
    public void start() {
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(properties)
                .using(OffsetCommitPolicy.always())
                .using((success, message, error) -> deliverEnd(new Delivery.Ended(success, message, error)))
                .notifying(this::handleBatch)
                .build();
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tributary-oracle-log-reader");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(engine);
        LOG.info("The Oracle log reader starts at {}", assembler.position());
    }

    /** The engine's consumer: blocks while the queue is full, then marks the batch processed (the offset store keeps its last offset). */
    private void handleBatch(List<RecordChangeEvent<SourceRecord>> batch, DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>(batch.size());
        for (RecordChangeEvent<SourceRecord> event : batch) {
            records.add(event.record());
        }
        while (!closing && !deliveries.offer(new Delivery.Batch(records), POLL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            // the pipeline is behind: the engine waits here, and mining with it
        }
        for (RecordChangeEvent<SourceRecord> event : batch) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    private void deliverEnd(Delivery.Ended end) {
        ended.set(end);
        deliveries.offer(end);
    }

    @Override
    public List<StreamRecord<RedoPosition>> poll() throws Exception {
        return take(POLL_WAIT_MILLIS);
    }

    @Override
    public List<StreamRecord<RedoPosition>> pollArrived() throws Exception {
        return take(0);
    }

    private List<StreamRecord<RedoPosition>> take(long waitMillis) throws InterruptedException {
        List<StreamRecord<RedoPosition>> out = new ArrayList<>(pending);
        pending.clear();
        Delivery delivery = out.isEmpty() && waitMillis > 0 ? deliveries.poll(waitMillis, TimeUnit.MILLISECONDS) : deliveries.poll();
        while (delivery != null) {
            if (delivery instanceof Delivery.Ended end) {
                throw failure(end);
            }
            for (SourceRecord record : ((Delivery.Batch) delivery).records()) {
                List<StreamRecord<RedoPosition>> assembled = assembler.accept(record);
                out.addAll(assembled);
                recordsRead.incrementAndGet();
                assembled.stream().flatMap(r -> r.event().stream()).filter(e -> e instanceof io.tributary.core.model.DataChangeEvent)
                        .map(e -> ((io.tributary.core.model.DataChangeEvent) e).sourceTimestampMillis()).forEach(lastCommitMillis::set);
            }
            delivery = out.size() < 4096 ? deliveries.poll() : null;
        }
        return out;
    }

    /** Why the engine stopped, as an error that says what to do. */
    private TributaryException failure(Delivery.Ended end) {
        String message = end.message() == null ? "" : end.message();
        Throwable error = end.error();
        String detail = message + (error == null ? "" : ": " + rootMessage(error));
        if (detail.contains("offset scn") || detail.contains("LogFileNotFoundException") || detail.contains("A re-snapshot is required")) {
            long scn = Optional.ofNullable(assembler.position().engineOffset().values().get("scn")).map(v -> Long.parseLong(v.toString()))
                    .orElse(assembler.position().resumeScn());
            return OracleFailures.positionLost(scn, Optional.empty(), error);
        }
        if (causedByOutOfMemory(error)) {
            return new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The Oracle log reader ran out of memory. It keeps every change of "
                    + "each open transaction on the heap until the transaction commits (Debezium's in-memory buffer; it does not spill to "
                    + "disk), so a long or large transaction needs heap in proportion. Give the job more heap (JAVA_OPTS=-Xmx4g for "
                    + "bin/tributary, taskmanager.memory.task.heap.size on a cluster) and restart; the stream resumes from its last "
                    + "checkpoint. Tributary never drops such a transaction (the abandon options are refused).", error);
        }
        if (end.success()) {
            return new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The Oracle log reader stopped although the pipeline did not ask it to"
                    + (message.isEmpty() ? "" : " (" + message + ")") + ". The pipeline restarts from its last checkpoint.", error);
        }
        return new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The Oracle log reader failed: " + detail + ". The pipeline restarts from "
                + "its last checkpoint; tributary validate checks the server's settings and the user's privileges.", error);
    }

    private static boolean causedByOutOfMemory(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            text.append(" / ").append(root.getMessage());
        }
        return text.toString();
    }

    /** Oracle keeps no log for a reader, so there is nothing to release: the checkpointed position is what resumes the stream. */
    @Override
    public void acknowledge(RedoPosition position) {}

    @Override
    public Map<String, Supplier<Number>> metrics() {
        return Map.of("tributary_oracle_log_records_read_total", recordsRead::get, "tributary_oracle_last_commit_timestamp_millis",
                lastCommitMillis::get);
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (engine != null && ended.get() == null) {
                engine.close();
            }
        } catch (IllegalStateException e) {
            // The engine ended on its own between the check and the close (it shuts itself down when it fails).
        } catch (IOException e) {
            LOG.warn("Closing the Oracle log reader failed: {}", e.getMessage());
        } finally {
            if (executor != null) {
                executor.shutdownNow();
                try {
                    if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                        LOG.warn("The Oracle log reader's thread did not stop within 30 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            offsetRegistration.close();
            historyRegistration.close();
        }
    }
}
