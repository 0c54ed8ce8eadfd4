package io.tributary.source.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HexFormat;
import io.tributary.source.oracle.stream.EngineOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OracleSerializersTest {
    // Encodings written once and kept: a change that cannot read them breaks restores.
    private static final String POSITION_V1 = "00000000004c4b3f00000000004c4b6b000000020000000000000011";
    private static final String MARKER_V1 = "00000000004c4b40";
    private static final String POSITION_V2 = "00000000004c4b3f00000000004c4b6b000000020000000000000011000000797b22636f6d6d69745f73636e223a22353030303034323a313a306130303162303063333030303030302c353030303034303a323a222c2273636e223a2234393939393939222c22736e617073686f745f636f6d706c65746564223a747275652c2274784964223a2230623030222c227478536571223a31377d";
    /** A position in the middle of a transaction, with the connector's offset there. */
    private static final RedoPosition WITH_OFFSET = new RedoPosition(4_999_999, 5_000_043, 2, 17, new EngineOffset(Map.of("scn", "4999999",
            "commit_scn", "5000042:1:0a001b00c3000000,5000040:2:", "txId", "0b00", "txSeq", 17L, "snapshot_completed", true)));

    @Test
    void roundTripsPositionsAndMarkers() throws IOException {
        assertThat(OracleSerializers.POSITION.getVersion()).isEqualTo(2);
        for (RedoPosition position : List.of(RedoPosition.after(0), new RedoPosition(4_999_999, 5_000_043, 2, 17),
                new RedoPosition(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1, Integer.MAX_VALUE, Long.MAX_VALUE), WITH_OFFSET)) {
            assertThat(OracleSerializers.POSITION.deserialize(2, OracleSerializers.POSITION.serialize(position))).isEqualTo(position);
        }
        OracleSnapshotMarker marker = new OracleSnapshotMarker(5_000_000);
        assertThat(OracleSerializers.MARKER.deserialize(1, OracleSerializers.MARKER.serialize(marker))).isEqualTo(marker);
    }

    @Test
    void readsVersionOneBytes() throws IOException {
        assertThat(OracleSerializers.POSITION.deserialize(1, HexFormat.of().parseHex(POSITION_V1)))
                .isEqualTo(new RedoPosition(4_999_999, 5_000_043, 2, 17));
        assertThat(OracleSerializers.MARKER.deserialize(1, HexFormat.of().parseHex(MARKER_V1))).isEqualTo(new OracleSnapshotMarker(5_000_000));
        assertThat(OracleSerializers.POSITION.deserialize(1, HexFormat.of().parseHex(POSITION_V1)).hasEngineOffset())
                .as("version 1 had no log reader offset").isFalse();
    }

    @Test
    void readsVersionTwoBytes() throws IOException {
        assertThat(OracleSerializers.POSITION.deserialize(2, HexFormat.of().parseHex(POSITION_V2))).isEqualTo(WITH_OFFSET);
        assertThat(HexFormat.of().formatHex(OracleSerializers.POSITION.serialize(WITH_OFFSET))).as("the current version writes version-2 bytes")
                .isEqualTo(POSITION_V2);
    }

    @Test
    void refusesUnknownVersionsAndCorruptBytes() {
        assertThatThrownBy(() -> OracleSerializers.POSITION.deserialize(3, new byte[0])).hasMessageContaining("written by a newer release");
        assertThatThrownBy(() -> OracleSerializers.MARKER.deserialize(7, new byte[0])).hasMessageContaining("written by a newer release");
        assertThatThrownBy(() -> OracleSerializers.MARKER.deserialize(1, HexFormat.of().parseHex("ffffffffffffffff")))
                .isInstanceOf(IOException.class).hasMessageContaining("Corrupt Oracle snapshot marker");
    }

    @Test
    void positionsFollowCommitScnThenCommitOrderThenChangesWhateverWhereMiningResumes() {
        RedoPosition first = new RedoPosition(90, 100, 0, 0);
        RedoPosition secondChangeOfIt = new RedoPosition(90, 100, 0, 1);
        RedoPosition nextCommitAtTheSameScn = new RedoPosition(95, 100, 1, 0);
        RedoPosition laterScn = new RedoPosition(60, 101, 0, 0);

        assertThat(List.of(laterScn, nextCommitAtTheSameScn, first, secondChangeOfIt).stream().sorted().toList())
                .containsExactly(first, secondChangeOfIt, nextCommitAtTheSameScn, laterScn);
        assertThat(RedoPosition.after(100)).isGreaterThan(nextCommitAtTheSameScn).isLessThanOrEqualTo(laterScn);
    }

    @Test
    void aPositionMiningCannotReachIsRefused() {
        assertThatThrownBy(() -> new RedoPosition(101, 100, 0, 0)).hasMessageContaining("must resume at or before commit SCN 100");
        assertThatThrownBy(() -> new RedoPosition(1, 2, -1, 0)).hasMessageContaining("no negative parts");
    }

    @Test
    void aChunkHoldsExactlyTheChangesCommittedAtOrBeforeItsScn() {
        OracleSnapshotMarker marker = new OracleSnapshotMarker(5_000);

        assertThat(marker.holdsCommit(4_999)).isTrue();
        assertThat(marker.holdsCommit(5_000)).isTrue();
        assertThat(marker.holdsCommit(5_001)).isFalse();
    }
}
