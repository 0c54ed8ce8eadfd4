package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.sink.kafka.TransactionOutcomes.Outcome;
import io.tributary.sink.kafka.TransactionOutcomes.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;

class DescribingCommitterTest {
    private static final KafkaCommittable COMMITTABLE = new KafkaCommittable(7L, (short) 3, "tributary-orders-0-12", null);
    private static final KafkaSinkConfig CONFIG = KafkaSinkFactory.configFrom(
            Configuration.fromMap(Map.of("properties.bootstrap.servers", "127.0.0.1:9092", "properties.transaction.timeout.ms", "60000")), "orders");

    @Test
    void failsThePipelineWhenTheBrokerRefusesACommit() {
        FlinkCommitRequest request = new FlinkCommitRequest(COMMITTABLE);
        List<KafkaCommittable> asked = new ArrayList<>();
        DescribingCommitter committer = committer(new InvalidTxnStateException("transaction is not ongoing"), committable -> {
            asked.add(committable);
            return new Outcome(Verdict.COMMITTED, "");
        });

        assertThatThrownBy(() -> committer.commit(List.of(request)))
                .isInstanceOf(IllegalStateException.class)
                .cause().as("an aborted transaction ends the job without restarts").isInstanceOf(SuppressRestartsException.class)
                .cause().isInstanceOfSatisfying(TributaryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SINK_WRITE_FAILED);
                    assertThat(e.getMessage()).contains("Kafka transaction tributary-orders-0-12 (producer id 7, epoch 3) was NOT committed:"
                                    + " transaction is not ongoing. The records of the checkpoint it holds are not in Kafka")
                            .contains("raise properties.transaction.timeout.ms (now 60000 ms")
                            .contains("keep execution.checkpointing.interval well below it")
                            .doesNotContain("..");
                    assertThat(e.getCause()).isInstanceOf(InvalidTxnStateException.class);
                });
        assertThat(request.state).isEqualTo("FAILED");
        assertThat(asked).as("only a fenced commit may turn out to be a re-commit").isEmpty();
    }

    @Test
    void acceptsAFencedReCommitOfATransactionTheBrokersCommitted() throws Exception {
        FlinkCommitRequest request = new FlinkCommitRequest(COMMITTABLE);

        committer(new ProducerFencedException("There is a newer producer with the same transactionalId"),
                committable -> new Outcome(Verdict.COMMITTED, "the brokers report it as CompleteCommit")).commit(List.of(request));

        assertThat(request.state).isEqualTo("COMMITTED");
    }

    @Test
    void failsThePipelineWhenAFencedTransactionWasAborted() {
        FlinkCommitRequest request = new FlinkCommitRequest(COMMITTABLE);
        DescribingCommitter committer = committer(new ProducerFencedException("There is a newer producer with the same transactionalId"),
                committable -> new Outcome(Verdict.NOT_COMMITTED, "the brokers report it as CompleteAbort (producer id 7, epoch 4)"));

        assertThatThrownBy(() -> committer.commit(List.of(request)))
                .cause().isInstanceOf(SuppressRestartsException.class)
                .cause().isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.getMessage())
                        .contains("was NOT committed: There is a newer producer with the same transactionalId; the brokers report it as"
                                + " CompleteAbort (producer id 7, epoch 4). The records of the checkpoint it holds are not in Kafka"));
        assertThat(request.state).isEqualTo("FAILED");
    }

    @Test
    void failsThePipelineWhenTheBrokersCannotSayHowAFencedTransactionEnded() {
        FlinkCommitRequest request = new FlinkCommitRequest(COMMITTABLE);
        DescribingCommitter committer = committer(new ProducerFencedException("fenced"),
                committable -> new Outcome(Verdict.UNKNOWN, "asking the brokers how it ended failed (TransactionalIdNotFoundException)"));

        assertThatThrownBy(() -> committer.commit(List.of(request)))
                .cause().isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.getMessage())
                        .contains("could not tell whether Kafka transaction tributary-orders-0-12 (producer id 7, epoch 3) was committed")
                        .contains("DESCRIBE transactional ids starting with tributary-orders"));
    }

    private static DescribingCommitter committer(Throwable failure, TransactionOutcomes outcomes) {
        Committer<KafkaCommittable> refusing = new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<KafkaCommittable>> requests) {
                // As Flink's Kafka committer classifies InvalidTxnState and ProducerFenced.
                requests.forEach(request -> request.signalFailedWithKnownReason(failure));
            }

            @Override
            public void close() {}
        };
        return new DescribingCommitter(refusing, "orders", CONFIG, outcomes);
    }

    /**
     * A commit request that behaves as Flink's: a failure of known reason only marks it failed
     * (its records are dropped), a failure of unknown reason fails the job by throwing.
     */
    private static final class FlinkCommitRequest implements Committer.CommitRequest<KafkaCommittable> {
        private final KafkaCommittable committable;
        String state = "RECEIVED";

        FlinkCommitRequest(KafkaCommittable committable) {
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
            state = "FAILED";
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable failure) {
            state = "FAILED";
            throw new IllegalStateException("Failed to commit " + committable, failure);
        }

        @Override
        public void retryLater() {
            state = "RETRY";
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable updated) {
            state = "RETRY";
        }

        @Override
        public void signalAlreadyCommitted() {
            state = "COMMITTED";
        }
    }
}
