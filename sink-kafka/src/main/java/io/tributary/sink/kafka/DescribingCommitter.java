package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's committer, with each failed commit turned into a {@link TributaryException}
 * that names the transaction and says what to do. Retries and "already committed" outcomes pass
 * through unchanged.
 *
 * <p>Flink fails the job only for failures of unknown reason; a failure the connector signals
 * with a known reason (a fenced producer, a transaction in an invalid state) is counted and
 * otherwise dropped by Flink, so this committer logs the described error for it. A fenced producer
 * is expected when a restored job re-commits a transaction that was already committed (Kafka's
 * transaction protocol v2 bumps the epoch on commit), so that case is logged as a warning.
 */
final class DescribingCommitter implements Committer<KafkaCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(DescribingCommitter.class);

    private final Committer<KafkaCommittable> delegate;
    private final String pipelineName;
    private final long transactionTimeoutMillis;

    DescribingCommitter(Committer<KafkaCommittable> delegate, String pipelineName, long transactionTimeoutMillis) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.pipelineName = requireNonNull(pipelineName, "pipelineName is null");
        this.transactionTimeoutMillis = transactionTimeoutMillis;
    }

    @Override
    public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
        List<CommitRequest<KafkaCommittable>> described = new ArrayList<>(requests.size());
        for (CommitRequest<KafkaCommittable> request : requests) {
            described.add(new DescribedRequest(request));
        }
        delegate.commit(described);
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }

    TributaryException describe(KafkaCommittable committable, Throwable failure) {
        String reason = String.valueOf(failure.getMessage()).replaceAll("\\.+$", "");
        String what = "Pipeline " + pipelineName + " could not commit Kafka transaction " + committable.getTransactionalId() + " (producer id "
                + committable.getProducerId() + ", epoch " + committable.getEpoch() + "): " + reason + ". ";
        String lost = "its records are then not in Kafka. Raise properties.transaction.timeout.ms (now " + transactionTimeoutMillis
                + " ms, at most the brokers' transaction.max.timeout.ms) well above the checkpoint interval plus restart time, and rerun"
                + " the pipeline from a fresh snapshot (new state directory) to deliver the lost changes.";
        if (failure instanceof ProducerFencedException) {
            return new TributaryException(ErrorCode.SINK_WRITE_FAILED, what + "This is expected when the pipeline was restored and the"
                    + " transaction had been committed before the restart. Otherwise the broker aborted it after it stayed open longer than"
                    + " properties.transaction.timeout.ms, or another pipeline uses the same sink.transactional-id-prefix; " + lost, failure);
        }
        return new TributaryException(ErrorCode.SINK_WRITE_FAILED, what + "The usual cause is that the broker aborted the transaction because"
                + " it stayed open longer than properties.transaction.timeout.ms, e.g. after a long outage between a checkpoint and its commit; "
                + lost, failure);
    }

    /** Passes every call through, describing failures. */
    private final class DescribedRequest implements CommitRequest<KafkaCommittable> {
        private final CommitRequest<KafkaCommittable> request;

        DescribedRequest(CommitRequest<KafkaCommittable> request) {
            this.request = request;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return request.getCommittable();
        }

        @Override
        public int getNumberOfRetries() {
            return request.getNumberOfRetries();
        }

        @Override
        public void signalFailedWithKnownReason(Throwable failure) {
            TributaryException described = describe(request.getCommittable(), failure);
            if (failure instanceof ProducerFencedException) {
                LOG.warn("{}", described.describe());
            } else {
                LOG.error("{}", described.describe(), failure);
            }
            request.signalFailedWithKnownReason(described);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable failure) {
            request.signalFailedWithUnknownReason(describe(request.getCommittable(), failure));
        }

        @Override
        public void retryLater() {
            request.retryLater();
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable committable) {
            request.updateAndRetryLater(committable);
        }

        @Override
        public void signalAlreadyCommitted() {
            request.signalAlreadyCommitted();
        }

        /** The connector logs requests; show the transaction, not this wrapper. */
        @Override
        public String toString() {
            return String.valueOf(request.getCommittable());
        }
    }
}
