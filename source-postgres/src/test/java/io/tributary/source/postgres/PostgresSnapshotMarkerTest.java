package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresSnapshotMarkerTest {
    @Test
    void parsesPgCurrentSnapshotText() {
        assertThat(PostgresSnapshotMarker.parse("4294968296:4294968306:4294968301,4294968298"))
                .isEqualTo(new PostgresSnapshotMarker(4294968296L, 4294968306L, new long[] {4294968298L, 4294968301L}));
        assertThat(PostgresSnapshotMarker.parse("750:750:").xip()).isEmpty();
    }

    @Test
    void aTransactionIsVisibleWhenItFinishedBeforeTheSnapshot() {
        PostgresSnapshotMarker marker = PostgresSnapshotMarker.parse("100:110:100,103,107");

        assertThat(marker.isVisible(99)).as("below xmin").isTrue();
        assertThat(marker.isVisible(100)).as("xmin is the oldest still running").isFalse();
        assertThat(marker.isVisible(101)).isTrue();
        assertThat(marker.isVisible(103)).as("listed as running").isFalse();
        assertThat(marker.isVisible(109)).isTrue();
        assertThat(marker.isVisible(110)).as("from xmax on").isFalse();
    }

    /** pgoutput gives 32-bit ids; a snapshot taken in the second epoch (2^32 and up) still places them. */
    @Test
    void aTransactionIdFromTheLogIsPlacedInTheSnapshotsEpoch() {
        long epoch = 1L << 32;
        PostgresSnapshotMarker marker = new PostgresSnapshotMarker(epoch + 100, epoch + 110, new long[] {epoch + 103});

        assertThat(marker.isVisibleServerId(99)).as("finished before xmin, same epoch").isTrue();
        assertThat(marker.isVisibleServerId(103)).as("running when the snapshot was taken").isFalse();
        assertThat(marker.isVisibleServerId(110)).as("from xmax on").isFalse();
        PostgresSnapshotMarker acrossWrap = new PostgresSnapshotMarker(epoch - 5, epoch + 5, new long[0]);
        assertThat(acrossWrap.isVisibleServerId(epoch - 2)).as("4294967294 of the epoch before, below xmin").isTrue();
        assertThat(acrossWrap.isVisibleServerId(7)).as("7 of the new epoch, past xmax").isFalse();
        assertThat(acrossWrap.isVisibleServerId(3)).as("3 of the new epoch, before xmax").isTrue();
    }

    @Test
    void rejectsInconsistentSnapshots() {
        assertThatThrownBy(() -> PostgresSnapshotMarker.parse("110:100:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresSnapshotMarker.parse("100:110:111")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresSnapshotMarker.parse("100-110")).isInstanceOf(IllegalArgumentException.class);
    }
}
