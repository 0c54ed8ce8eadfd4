package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import org.apache.flink.connector.kafka.sink.KafkaCommittable;

/** Tells how the brokers ended a transaction whose commit failed: the judge between a harmless re-commit and lost records. */
interface TransactionOutcomes extends AutoCloseable {

    /** What the brokers report about the committable's transaction. */
    Outcome outcomeOf(KafkaCommittable committable);

    /** Releases the clients it opened; nothing by default. */
    @Override
    default void close() {}

    /** Whether the transaction was committed, as far as the brokers can tell. */
    enum Verdict {
        COMMITTED,
        NOT_COMMITTED,
        /** The brokers could not be asked, or did not know the transaction. */
        UNKNOWN
    }

    /**
     * @param verdict how the transaction ended
     * @param report what the brokers said, for messages (e.g. "the brokers report it as CompleteAbort")
     */
    record Outcome(Verdict verdict, String report) {
        public Outcome {
            requireNonNull(verdict, "verdict is null");
            requireNonNull(report, "report is null");
        }
    }
}
