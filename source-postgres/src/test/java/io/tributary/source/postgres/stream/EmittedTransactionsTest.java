package io.tributary.source.postgres.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.source.postgres.PostgresSnapshotMarker;
import org.junit.jupiter.api.Test;

/** A view is used for a chunk read beside the stream only once it holds every transaction the stream returned. */
class EmittedTransactionsTest {
    @Test
    void aViewThatStillSeesAReturnedTransactionInProgressIsRefusedUntilOneHoldsItThenOnlyNewerOnesCount() {
        EmittedTransactions emitted = new EmittedTransactions();
        emitted.add(100);
        emitted.add(101);
        emitted.add(101);

        // 101 committed in the log but still in progress for this snapshot (a synchronous standby not yet acknowledged).
        assertThat(emitted.allVisibleIn(PostgresSnapshotMarker.parse("100:102:101"))).isFalse();
        assertThat(emitted.allVisibleIn(PostgresSnapshotMarker.parse("101:102:"))).as("101 visible, and 100 below xmin").isTrue();

        emitted.add(105);
        assertThat(emitted.allVisibleIn(PostgresSnapshotMarker.parse("100:105:101"))).as("105 is at xmax, so not visible").isFalse();
        assertThat(emitted.allVisibleIn(PostgresSnapshotMarker.parse("100:106:101")))
                .as("101 was held by an earlier view, so only 105 is asked about now").isTrue();
    }

    @Test
    void nothingReturnedIsHeldByAnyView() {
        assertThat(new EmittedTransactions().allVisibleIn(PostgresSnapshotMarker.parse("5:5:"))).isTrue();
    }
}
