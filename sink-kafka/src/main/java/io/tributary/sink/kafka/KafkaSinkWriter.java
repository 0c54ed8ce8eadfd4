package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.FatalFailures;
import io.tributary.core.metrics.SinkMetrics;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes the events of one sink subtask as Kafka records and hands them to the connector's
 * (transactional) writer: creates each topic before its first record, keeps each table's latest
 * schema to encode its rows, follows deletes with tombstones when asked, and writes schema
 * changes once (from the first subtask, since every subtask receives them).
 */
final class KafkaSinkWriter implements StatefulSinkWriter<Event, KafkaWriterState>, CommittingSinkWriter<Event, KafkaCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkWriter.class);
    private static final Header[] NO_HEADERS = new Header[0];

    private final KafkaSinkConfig config;
    private final String writerName;
    private final boolean writesSchemaChanges;
    private final PrecommittingStatefulSinkWriter<ProducerRecord<byte[], byte[]>, KafkaWriterState, KafkaCommittable> records;
    private final ChangeEventEncoder changeEncoder;
    private final SchemaChangeEncoder schemaChangeEncoder;
    private final Map<TableId, TableSchema> schemas = new HashMap<>();
    private final Set<String> readyTopics = new HashSet<>();
    private final int maxRequestSize;
    private final Optional<SinkMetrics> metrics;
    private TopicCreator topicCreator;

    /**
     * A writer; {@code metrics} count the changes the broker acknowledged at each checkpoint (with
     * exactly-once, read_committed consumers see them once that checkpoint's transaction commits).
     */
    KafkaSinkWriter(KafkaSinkConfig config, String pipelineName, String writerName, boolean writesSchemaChanges,
            PrecommittingStatefulSinkWriter<ProducerRecord<byte[], byte[]>, KafkaWriterState, KafkaCommittable> records,
            Optional<SinkMetrics> metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.config = requireNonNull(config, "config is null");
        this.writerName = requireNonNull(writerName, "writerName is null");
        this.writesSchemaChanges = writesSchemaChanges;
        this.records = requireNonNull(records, "records is null");
        this.changeEncoder = new ChangeEventEncoder(config.valueFormat(), config.recordLayout(), pipelineName);
        this.schemaChangeEncoder = new SchemaChangeEncoder(pipelineName);
        this.maxRequestSize = config.maxRequestSize();
    }

    @Override
    public void write(Event event, Context context) throws IOException, InterruptedException {
        long now = System.currentTimeMillis();
        if (event instanceof SchemaChangeEvent schemaChange) {
            schemas.put(schemaChange.tableId(), schemaChange.schemaAfter());
            if (config.includeSchemaChanges() && writesSchemaChanges) {
                send(config.schemaChangesTopic(), schemaChange.tableId(), Optional.of(schemaChangeEncoder.key(schemaChange)),
                        schemaChangeEncoder.value(schemaChange, now), NO_HEADERS, context);
            }
            return;
        }
        DataChangeEvent change = (DataChangeEvent) event;
        TableSchema schema = schemas.get(change.tableId());
        if (schema == null) {
            throw new TributaryException(ErrorCode.SINK_WRITE_FAILED, writerName + " received a " + change.operation() + " of table "
                    + change.tableId() + " before any schema of that table. The pipeline must announce each table (CreateTable) before"
                    + " its rows; report this as a bug.");
        }
        String topic = config.topics().topicOf(change.tableId());
        Optional<byte[]> key = changeEncoder.key(change, schema);
        Header[] headers = config.recordLayout().headers(change.tableId());
        send(topic, change.tableId(), key, changeEncoder.value(change, schema, now), headers, context);
        if (change.operation() == Operation.DELETE && config.tombstonesOnDelete() && key.isPresent()) {
            send(topic, change.tableId(), key, null, headers, context);
        }
        metrics.ifPresent(m -> m.accepted(change));
    }

    private void send(String topic, TableId table, Optional<byte[]> key, byte[] value, Header[] headers, Context context)
            throws IOException, InterruptedException {
        ensureTopic(topic);
        checkSize(topic, table, key.orElse(null), value, headers);
        Integer partition = config.partitionStrategy() == PartitionStrategy.ALL_TO_ZERO ? 0 : null;
        try {
            records.write(new ProducerRecord<>(topic, partition, key.orElse(null), value, headers.length == 0 ? null : new RecordHeaders(headers)), context);
        } catch (RuntimeException | IOException e) {
            metrics.ifPresent(SinkMetrics::failed);
            throw FatalFailures.suppressRestartsIfFatal(KafkaFailures.describe(e, writerName, Optional.of(topic), config));
        }
    }

    private void ensureTopic(String topic) {
        if (readyTopics.contains(topic)) {
            return;
        }
        if (topicCreator == null) {
            topicCreator = new TopicCreator(config);
        }
        topicCreator.ensureExists(topic);
        readyTopics.add(topic);
    }

    /** Fails before sending rather than have the producer fail the transaction later. */
    private void checkSize(String topic, TableId table, byte[] key, byte[] value, Header[] headers) {
        int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                key == null ? null : ByteBuffer.wrap(key), value == null ? null : ByteBuffer.wrap(value), headers);
        if (size > maxRequestSize) {
            throw new TributaryException(ErrorCode.SINK_WRITE_FAILED, writerName + ": a change of table " + table + " encodes to a record of "
                    + size + " bytes for topic " + topic + ", more than properties.max.request.size (" + maxRequestSize + " bytes). Nothing"
                    + " of the current checkpoint was committed. Raise properties.max.request.size, and the topic's max.message.bytes"
                    + " (or the brokers' message.max.bytes) to match, then restart the pipeline.");
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        try {
            records.flush(endOfInput);
            metrics.ifPresent(SinkMetrics::committed);
        } catch (RuntimeException | IOException e) {
            metrics.ifPresent(SinkMetrics::failed);
            throw FatalFailures.suppressRestartsIfFatal(KafkaFailures.describe(e, writerName, Optional.empty(), config));
        }
    }

    @Override
    public Collection<KafkaCommittable> prepareCommit() throws IOException, InterruptedException {
        try {
            return records.prepareCommit();
        } catch (RuntimeException | IOException e) {
            metrics.ifPresent(SinkMetrics::failed);
            throw FatalFailures.suppressRestartsIfFatal(KafkaFailures.describe(e, writerName, Optional.empty(), config));
        }
    }

    @Override
    public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
        return records.snapshotState(checkpointId);
    }

    /**
     * Closing aborts the open transaction, which fails the sends still in flight; the connector's
     * writer then rethrows those failures. They are not lost data (no completed checkpoint covers an
     * open transaction, and the restored job writes its records again), and letting them escape
     * from a task that is already failing makes Flink treat the task manager as broken: the
     * embedded cluster loses its only task manager and the restarted job waits for slots in vain.
     */
    @Override
    public void close() throws Exception {
        try {
            records.close();
        } catch (Exception e) {
            if (!causedByAbortedTransaction(e)) {
                throw e;
            }
            LOG.info("{}: discarded the records of the open Kafka transaction on close ({}); the job resumes from its last completed checkpoint",
                    writerName, e.getMessage());
        } finally {
            if (topicCreator != null) {
                topicCreator.close();
            }
        }
    }

    private static boolean causedByAbortedTransaction(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransactionAbortedException) {
                return true;
            }
        }
        return false;
    }
}
