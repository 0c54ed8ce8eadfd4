package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.sink.kafka.TransactionOutcomes.Outcome;
import io.tributary.sink.kafka.TransactionOutcomes.Verdict;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;

/**
 * Asks the transaction coordinator (Admin {@code describeTransactions}) how a transaction ended.
 * Each transactional id names one checkpoint of one subtask ({@code <prefix>-<subtask>-<checkpoint>}),
 * so a committed state for the committable's producer id is that checkpoint's commit.
 */
final class BrokerTransactionOutcomes implements TransactionOutcomes {
    private final KafkaSinkConfig config;
    /** Created on the first failed commit only: most committers never need one. */
    private Admin admin;

    BrokerTransactionOutcomes(KafkaSinkConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public Outcome outcomeOf(KafkaCommittable committable) {
        String id = committable.getTransactionalId();
        try {
            TransactionDescription description = admin().describeTransactions(List.of(id)).description(id)
                    .get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            String report = "the brokers report it as " + description.state() + " (producer id " + description.producerId() + ", epoch "
                    + description.producerEpoch() + ")";
            return new Outcome(committed(description, committable) ? Verdict.COMMITTED : Verdict.NOT_COMMITTED, report);
        } catch (ExecutionException e) {
            return new Outcome(Verdict.UNKNOWN, "asking the brokers how it ended failed (" + e.getCause() + ")");
        } catch (TimeoutException e) {
            return new Outcome(Verdict.UNKNOWN, "the brokers did not say how it ended within sink.connect.timeout (" + config.connectTimeout() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Verdict.UNKNOWN, "interrupted while asking the brokers how it ended");
        }
    }

    /** The coordinator keeps the last transaction of an id; a commit bumps the epoch with transaction protocol v2, never lowers it. */
    private static boolean committed(TransactionDescription description, KafkaCommittable committable) {
        boolean commitState = description.state() == TransactionState.COMPLETE_COMMIT || description.state() == TransactionState.PREPARE_COMMIT;
        return commitState && description.producerId() == committable.getProducerId() && description.producerEpoch() >= committable.getEpoch();
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(config.adminProperties());
        }
        return admin;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
