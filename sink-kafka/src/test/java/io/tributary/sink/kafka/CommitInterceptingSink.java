package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The Kafka sink with a committer that runs a test's action before each commit, e.g. a crash
 * between a completed checkpoint and its Kafka commit, or a stall that outlasts the transaction
 * timeout.
 */
final class CommitInterceptingSink implements Sink<Event>, SupportsWriterState<Event, KafkaWriterState>, SupportsCommitter<KafkaCommittable>,
        SupportsPostCommitTopology<KafkaCommittable> {
    private static final long serialVersionUID = 1L;

    /** What to do before the connector's committer sees a (non-empty) batch of commit requests. */
    @FunctionalInterface
    interface BeforeCommit extends Serializable {
        void accept(Collection<Committer.CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException;
    }

    private final KafkaFlinkSink sink;
    private final BeforeCommit beforeCommit;

    CommitInterceptingSink(KafkaFlinkSink sink, BeforeCommit beforeCommit) {
        this.sink = requireNonNull(sink, "sink is null");
        this.beforeCommit = requireNonNull(beforeCommit, "beforeCommit is null");
    }

    @Override
    public SinkWriter<Event> createWriter(WriterInitContext context) throws IOException {
        return sink.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<Event, KafkaWriterState> restoreWriter(WriterInitContext context, Collection<KafkaWriterState> states) throws IOException {
        return sink.restoreWriter(context, states);
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) throws IOException {
        Committer<KafkaCommittable> committer = sink.createCommitter(context);
        return new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
                if (!requests.isEmpty()) {
                    beforeCommit.accept(requests);
                }
                committer.commit(requests);
            }

            @Override
            public void close() throws Exception {
                committer.close();
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
        sink.addPostCommitTopology(committables);
    }
}
