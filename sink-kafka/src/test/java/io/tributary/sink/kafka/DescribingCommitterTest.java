package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.junit.jupiter.api.Test;

class DescribingCommitterTest {

    @Test
    void describesACommitTheBrokerRefused() throws Exception {
        Committer<KafkaCommittable> refusing = new Committer<>() {
            @Override
            public void commit(java.util.Collection<CommitRequest<KafkaCommittable>> requests) {
                requests.forEach(request -> request.signalFailedWithKnownReason(new InvalidTxnStateException("transaction is not ongoing")));
            }

            @Override
            public void close() {}
        };
        RecordingRequest request = new RecordingRequest(new KafkaCommittable(7L, (short) 3, "tributary-orders-0-12", null));

        new DescribingCommitter(refusing, "orders", 900_000L).commit(List.of(request));

        assertThat(request.failures).singleElement().isInstanceOfSatisfying(TributaryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SINK_WRITE_FAILED);
            assertThat(e.getMessage()).contains("tributary-orders-0-12").contains("transaction is not ongoing")
                    .contains("properties.transaction.timeout.ms (now 900000 ms")
                    .doesNotContain("..");
            assertThat(e.getCause()).isInstanceOf(InvalidTxnStateException.class);
        });
    }

    /** A commit request that records what the committer signalled. */
    private static final class RecordingRequest implements Committer.CommitRequest<KafkaCommittable> {
        final List<Throwable> failures = new ArrayList<>();
        private final KafkaCommittable committable;

        RecordingRequest(KafkaCommittable committable) {
            this.committable = committable;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable failure) {
            failures.add(failure);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable failure) {
            failures.add(failure);
        }

        @Override
        public void retryLater() {}

        @Override
        public void updateAndRetryLater(KafkaCommittable updated) {}

        @Override
        public void signalAlreadyCommitted() {}
    }
}
