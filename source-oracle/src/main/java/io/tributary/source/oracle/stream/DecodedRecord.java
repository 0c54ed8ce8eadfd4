package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One record of the Oracle connector, decoded: the event it carries, if any (heartbeats,
 * transaction markers and schema-change records carry none), and what the reader needs to build
 * the resume position: the engine's offset after the record and the change's place in the redo.
 *
 * @param event the row change, or a {@code TruncateTable} schema change; empty for records without a row
 * @param offset the record's {@code sourceOffset()}, which resumes the engine after it
 * @param commitScn {@code source.commit_scn}: the SCN at which the change's transaction committed
 * @param transactionId {@code source.txId}
 * @param transactionSequence {@code source.txSeq}: the change's place in its transaction, from 1
 */
public record DecodedRecord(Optional<Event> event, EngineOffset offset, Optional<String> commitScn, Optional<String> transactionId,
        OptionalLong transactionSequence) {
    public DecodedRecord {
        requireNonNull(event, "event is null");
        requireNonNull(offset, "offset is null");
        requireNonNull(commitScn, "commitScn is null");
        requireNonNull(transactionId, "transactionId is null");
        requireNonNull(transactionSequence, "transactionSequence is null");
    }

    /** A record that carries no change, such as a heartbeat: only its offset counts. */
    public static DecodedRecord withoutEvent(EngineOffset offset) {
        return new DecodedRecord(Optional.empty(), offset, Optional.empty(), Optional.empty(), OptionalLong.empty());
    }
}
