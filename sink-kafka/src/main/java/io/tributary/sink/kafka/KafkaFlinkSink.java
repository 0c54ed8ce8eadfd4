package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.core.metrics.SinkMetrics;
import io.tributary.core.model.Event;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Flink sink of a Kafka pipeline sink. Transactions, their recovery after a crash and the
 * committer are Flink's Kafka connector ({@link KafkaSink}); this class puts Tributary's encoding
 * writer in front of the connector's writer and translates commit failures into errors a user
 * can act on. Writer state and committables are the connector's, with its serializers.
 */
final class KafkaFlinkSink implements Sink<Event>, SupportsWriterState<Event, KafkaWriterState>, SupportsCommitter<KafkaCommittable>,
        SupportsPostCommitTopology<KafkaCommittable> {
    private static final long serialVersionUID = 1L;

    private final KafkaSinkConfig config;
    private final String pipelineName;
    private final KafkaSink<ProducerRecord<byte[], byte[]>> connectorSink;

    KafkaFlinkSink(KafkaSinkConfig config, String pipelineName) {
        this.config = requireNonNull(config, "config is null");
        this.pipelineName = requireNonNull(pipelineName, "pipelineName is null");
        this.connectorSink = KafkaSink.<ProducerRecord<byte[], byte[]>>builder()
                .setKafkaProducerConfig(config.producerProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setDeliveryGuarantee(config.deliveryGuarantee().toFlink())
                .setTransactionalIdPrefix(config.transactionalIdPrefix())
                .setRecordSerializer(new EncodedRecordSerializer())
                .build();
    }

    @Override
    public StatefulSinkWriter<Event, KafkaWriterState> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<Event, KafkaWriterState> restoreWriter(WriterInitContext context, Collection<KafkaWriterState> states) throws IOException {
        TaskInfo task = context.getTaskInfo();
        String writerName = "[" + pipelineName + "] kafka writer " + (task.getIndexOfThisSubtask() + 1) + "/" + task.getNumberOfParallelSubtasks();
        return new KafkaSinkWriter(config, pipelineName, writerName, task.getIndexOfThisSubtask() == 0, connectorSink.restoreWriter(context, states),
                Optional.of(new SinkMetrics(context.metricGroup())));
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return connectorSink.getWriterStateSerializer();
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) throws IOException {
        return new DescribingCommitter(connectorSink.createCommitter(context), pipelineName, config, new BrokerTransactionOutcomes(config));
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return connectorSink.getCommittableSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
        connectorSink.addPostCommitTopology(committables);
    }
}
