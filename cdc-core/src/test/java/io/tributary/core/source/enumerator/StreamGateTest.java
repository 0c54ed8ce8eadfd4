package io.tributary.core.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.model.TableId;
import io.tributary.core.source.StartupMode;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.StreamSplit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the stream split may go to a reader. */
class StreamGateTest {
    private final FakeEnumeratorContext context = new FakeEnumeratorContext(2);

    private StreamGate gate(StartupMode mode, boolean streamAssigned) {
        return new StreamGate(context, mode, Optional.of(new EncodedValue(1, new byte[] {7})), streamAssigned);
    }

    @Test
    void afterASnapshotTheStreamWaitsForACheckpointTakenAfterItToComplete() {
        StreamGate gate = gate(StartupMode.INITIAL, false);
        gate.checkpointTaken(1);
        assertThat(gate.snapshotComplete()).isFalse();
        assertThat(gate.checkpointCompleted(1)).as("checkpoint 1 was taken before the last chunk finished").isFalse();
        assertThat(gate.mayAssignStream()).isFalse();

        gate.checkpointTaken(2);
        gate.checkpointTaken(3);
        assertThat(gate.mayAssignStream()).as("checkpoint 2 is taken, not completed").isFalse();
        assertThat(gate.checkpointCompleted(2)).isTrue();
        assertThat(gate.mayAssignStream()).isTrue();
        assertThat(gate.checkpointCompleted(3)).as("opens once").isFalse();
    }

    @Test
    void aLaterCheckpointCompletingAlsoOpensTheGate() {
        StreamGate gate = gate(StartupMode.INITIAL, false);
        gate.snapshotComplete();
        gate.checkpointTaken(4);
        gate.checkpointTaken(5);
        assertThat(gate.checkpointCompleted(5)).as("checkpoint 4 was subsumed by 5").isTrue();
    }

    @Test
    void streamOnlyModesOpenAsSoonAsTheEmptySnapshotIsComplete() {
        for (StartupMode mode : List.of(StartupMode.LATEST_OFFSET, StartupMode.EARLIEST_OFFSET, StartupMode.SPECIFIC_OFFSET, StartupMode.TIMESTAMP)) {
            StreamGate gate = gate(mode, false);
            assertThat(gate.mayAssignStream()).isFalse();
            assertThat(gate.snapshotComplete()).as(mode.optionValue()).isTrue();
            assertThat(gate.mayAssignStream()).isTrue();
        }
    }

    @Test
    void snapshotModeNeverStreams() {
        StreamGate gate = gate(StartupMode.SNAPSHOT, false);
        gate.snapshotComplete();
        gate.checkpointTaken(1);
        gate.checkpointCompleted(1);
        assertThat(gate.mayAssignStream()).isFalse();
    }

    @Test
    void aReturnedStreamSplitMayBeAssignedAgainWithoutWaitingForACheckpoint() {
        StreamGate gate = gate(StartupMode.INITIAL, false);
        gate.snapshotComplete();
        gate.checkpointTaken(1);
        gate.checkpointCompleted(1);
        gate.assignStream(0, List.of(), List.of());
        assertThat(gate.mayAssignStream()).isFalse();

        gate.streamReturned();
        assertThat(gate.mayAssignStream()).isTrue();
        gate.assignStream(1, List.of(), List.of());
        assertThat(context.assignments()).extracting(FakeEnumeratorContext.Assignment::reader).containsExactly(0, 1);
        assertThat(context.assignments()).allSatisfy(a -> assertThat(a.split()).isInstanceOf(StreamSplit.class));
    }

    @Test
    void aStreamRunningBeforeARestartKeepsTheGateOpen() {
        StreamGate gate = gate(StartupMode.INITIAL, true);
        assertThat(gate.mayAssignStream()).as("a reader holds it").isFalse();
        gate.streamReturned();
        assertThat(gate.mayAssignStream()).isTrue();
    }

    @Test
    void aTableStreamsLiveOnceAReaderHoldsTheStream() {
        TableId orders = TableId.of("shop", "public", "orders");
        StreamGate gate = gate(StartupMode.INITIAL, false);
        gate.snapshotComplete();
        gate.checkpointTaken(1);
        assertThat(gate.tableStreaming(orders)).isFalse();
        gate.checkpointCompleted(1);
        gate.assignStream(0, List.of(), List.of());
        assertThat(gate.tableStreaming(orders)).isTrue();
        gate.streamReturned();
        assertThat(gate.tableStreaming(orders)).as("its reader failed; not live until the stream is assigned again").isFalse();
    }

    @Test
    void refusesToAssignTheStreamWhileClosedOrTaken() {
        StreamGate gate = gate(StartupMode.INITIAL, false);
        assertThatThrownBy(() -> gate.assignStream(0, List.of(), List.of())).isInstanceOf(IllegalStateException.class);
        assertThat(context.assignments()).isEmpty();
    }
}
