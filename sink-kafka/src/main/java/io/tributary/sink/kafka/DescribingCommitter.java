package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.sink.kafka.TransactionOutcomes.Outcome;
import io.tributary.sink.kafka.TransactionOutcomes.Verdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's committer, with no failed commit left unnoticed: each one either proves to be
 * the harmless re-commit of a transaction that is already committed, or fails the pipeline with a
 * {@link TributaryException} that names the transaction and says what to do. Retries pass through.
 *
 * <p>Flink fails the job only for commit failures of unknown reason; for the failures the
 * connector signals with a known reason (fenced producer, invalid transaction state, unknown
 * producer id) it just counts the committable as failed and drops it, whose records are then
 * missing from Kafka. One of them is expected: a restored job re-commits the transactions of the
 * restored checkpoint, and a transaction committed before the restart answers that with a fenced
 * producer (transaction protocol v2 bumps the epoch on commit). So a fenced commit is accepted as
 * already committed when the brokers confirm it; every other failure fails the pipeline.
 */
final class DescribingCommitter implements Committer<KafkaCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(DescribingCommitter.class);

    private final Committer<KafkaCommittable> delegate;
    private final String pipelineName;
    private final KafkaSinkConfig config;
    private final TransactionOutcomes outcomes;

    DescribingCommitter(Committer<KafkaCommittable> delegate, String pipelineName, KafkaSinkConfig config, TransactionOutcomes outcomes) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.pipelineName = requireNonNull(pipelineName, "pipelineName is null");
        this.config = requireNonNull(config, "config is null");
        this.outcomes = requireNonNull(outcomes, "outcomes is null");
    }

    @Override
    public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
        List<CommitRequest<KafkaCommittable>> judged = new ArrayList<>(requests.size());
        for (CommitRequest<KafkaCommittable> request : requests) {
            judged.add(new JudgedRequest(request));
        }
        delegate.commit(judged);
    }

    @Override
    public void close() throws Exception {
        try (TransactionOutcomes closing = outcomes) {
            delegate.close();
        }
    }

    /** The failure that stops the pipeline, saying the transaction's records are not in Kafka and what to set. */
    TributaryException notCommitted(KafkaCommittable committable, Throwable failure, Outcome outcome) {
        String transaction = "Kafka transaction " + committable.getTransactionalId() + " (producer id " + committable.getProducerId() + ", epoch "
                + committable.getEpoch() + ")";
        String reason = String.valueOf(failure.getMessage()).replaceAll("\\.+$", "");
        if (outcome.verdict() == Verdict.UNKNOWN) {
            return new TributaryException(ErrorCode.SINK_WRITE_FAILED, "Pipeline " + pipelineName + " could not tell whether " + transaction
                    + " was committed: the commit failed (" + reason + ") and " + outcome.report() + ". The pipeline stops rather than risk"
                    + " going on without that checkpoint's records. Check that the brokers at " + config.bootstrapServers() + " are reachable and"
                    + " that the sink's Kafka principal may DESCRIBE transactional ids starting with " + config.transactionalIdPrefix()
                    + ", then restart the pipeline: it commits the transaction again.", failure);
        }
        String brokers = outcome.report().isEmpty() ? "" : "; " + outcome.report();
        return new TributaryException(ErrorCode.SINK_WRITE_FAILED, "Pipeline " + pipelineName + ": " + transaction + " was NOT committed: "
                + reason + brokers + ". The records of the checkpoint it holds are not in Kafka, so the pipeline stops instead of going on"
                + " without them. The usual cause is that the broker aborted the transaction because it stayed open longer than"
                + " properties.transaction.timeout.ms, e.g. after an outage or a slow restart between a checkpoint and its commit. To keep it"
                + " from recurring, raise properties.transaction.timeout.ms (now " + config.transactionTimeoutMillis() + " ms; at most the"
                + " brokers' transaction.max.timeout.ms, default 900000, which may be raised too) and keep execution.checkpointing.interval"
                + " well below it. To deliver the lost changes, rerun the pipeline from a fresh snapshot (a new state directory): a restart"
                + " from this state directory meets the same aborted transaction.", failure);
    }

    private static boolean isFenced(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    /** Passes every call through, and turns each failure into "already committed" or a pipeline failure. */
    private final class JudgedRequest implements CommitRequest<KafkaCommittable> {
        private final CommitRequest<KafkaCommittable> request;

        JudgedRequest(CommitRequest<KafkaCommittable> request) {
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
            judge(failure);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable failure) {
            judge(failure);
        }

        /** Flink fails the job on a failure of unknown reason only, so every failure that may have lost records is passed on as one. */
        private void judge(Throwable failure) {
            KafkaCommittable committable = request.getCommittable();
            Outcome outcome = isFenced(failure) ? outcomes.outcomeOf(committable) : new Outcome(Verdict.NOT_COMMITTED, "");
            if (outcome.verdict() == Verdict.COMMITTED) {
                LOG.info("Kafka transaction {} of pipeline {} was already committed before the restart ({}); its re-commit was fenced, as"
                        + " expected.", committable.getTransactionalId(), pipelineName, outcome.report());
                request.signalAlreadyCommitted();
                return;
            }
            TributaryException notCommitted = notCommitted(committable, failure, outcome);
            // A transaction the brokers aborted stays aborted: restarting from the checkpoint would
            // fail on it again, so the job ends at once. Whether it was committed may still turn out.
            request.signalFailedWithUnknownReason(outcome.verdict() == Verdict.UNKNOWN ? notCommitted : new SuppressRestartsException(notCommitted));
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
