package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.spi.PipelineContext;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.junit.jupiter.api.Test;

class KafkaSinkWriterTest {
    private static final KafkaSinkConfig CONFIG = ((KafkaSink) new KafkaSinkFactory().createSink(
            Configuration.fromMap(Map.of("properties.bootstrap.servers", "127.0.0.1:9")), new PipelineContext("pipe", 1))).config();

    @Test
    void closingAFailingWriterDiscardsTheSendsItsAbortFailed() {
        // What the connector's writer throws when closing aborted the open transaction under in-flight sends.
        IOException aborted = new IOException("One or more Kafka Producer send requests have encountered exception",
                new FlinkRuntimeException("Failed to send data to Kafka", new TransactionAbortedException("Failing batch since transaction was aborted")));
        assertThatCode(() -> writer(aborted).close()).doesNotThrowAnyException();
    }

    @Test
    void closePassesOnOtherFailures() {
        IOException other = new IOException("broker gone");
        assertThatThrownBy(() -> writer(other).close()).isSameAs(other);
    }

    private static KafkaSinkWriter writer(Exception onClose) {
        return new KafkaSinkWriter(CONFIG, "pipe", "[pipe] kafka writer 1/1", true, new ClosingWriter(onClose), java.util.Optional.empty());
    }

    /** The connector's writer reduced to its close, which fails as given. */
    private record ClosingWriter(Exception onClose)
            implements PrecommittingStatefulSinkWriter<ProducerRecord<byte[], byte[]>, KafkaWriterState, KafkaCommittable> {
        @Override
        public void write(ProducerRecord<byte[], byte[]> element, Context context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public Collection<KafkaCommittable> prepareCommit() {
            return List.of();
        }

        @Override
        public List<KafkaWriterState> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public void close() throws Exception {
            throw onClose;
        }
    }
}
