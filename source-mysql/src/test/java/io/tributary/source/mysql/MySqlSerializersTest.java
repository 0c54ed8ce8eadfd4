package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.serialization.VersionedSerializer;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MySqlSerializersTest {
    // Version-1 encodings, written once and kept: a change that cannot read them breaks restores.
    private static final String POSITION_V1 = "000000126d6172696164622d62696e2e303030303031000000000000007b00000005302d312d37";
    private static final String MARKER_V1 = "01000000126d6172696164622d62696e2e3030303030310000000000000004ffffffff";
    private static final String MARKER_V1_EMPTY = "00";
    private static final String POSITION_V2 = "0000000d62696e6c6f672e303030303032000000000000038400000005302d312d350000000000000011";

    @Test
    void roundTripsPositionsAndMarkers() throws IOException {
        BinlogPosition withGtids = new BinlogPosition("mariadb-bin.000003", 4567, Optional.of("0-1-42,1-2-7"));
        BinlogPosition withoutGtids = new BinlogPosition("binlog.000001", 4, Optional.empty());
        BinlogPosition insideATransaction = new BinlogPosition("binlog.000002", 900, Optional.of("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"), 17);
        for (BinlogPosition position : new BinlogPosition[] {withGtids, withoutGtids, insideATransaction}) {
            VersionedSerializer<BinlogPosition> serializer = BinlogPositionSerializer.INSTANCE;
            assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(position))).isEqualTo(position);
            MySqlSnapshotMarker marker = new MySqlSnapshotMarker(Optional.of(position.withRowsEmitted(0)));
            VersionedSerializer<MySqlSnapshotMarker> markers = MySqlSnapshotMarkerSerializer.INSTANCE;
            assertThat(markers.deserialize(markers.getVersion(), markers.serialize(marker))).isEqualTo(marker);
        }
    }

    @Test
    void readsVersionOneBytes() throws IOException {
        assertThat(BinlogPositionSerializer.INSTANCE.deserialize(1, HexFormat.of().parseHex(POSITION_V1)))
                .isEqualTo(new BinlogPosition("mariadb-bin.000001", 123, Optional.of("0-1-7")));
        assertThat(MySqlSnapshotMarkerSerializer.INSTANCE.deserialize(1, HexFormat.of().parseHex(MARKER_V1)))
                .isEqualTo(new MySqlSnapshotMarker(Optional.of(new BinlogPosition("mariadb-bin.000001", 4, Optional.empty()))));
        assertThat(MySqlSnapshotMarkerSerializer.INSTANCE.deserialize(1, HexFormat.of().parseHex(MARKER_V1_EMPTY)))
                .isEqualTo(new MySqlSnapshotMarker(Optional.empty()));
    }

    @Test
    void ordersPositionsByFileSequenceThenOffset() {
        BinlogPosition early = new BinlogPosition("mariadb-bin.000009", 900, Optional.empty());
        BinlogPosition later = new BinlogPosition("mariadb-bin.000010", 4, Optional.empty());
        assertThat(early.compareFileAndOffset(later)).isNegative();
        assertThat(later.compareFileAndOffset(early)).isPositive();
        assertThat(later.compareFileAndOffset(new BinlogPosition("mariadb-bin.000010", 4, Optional.of("0-1-3"), 2))).isZero();
    }

    @Test
    void readsVersionTwoBytes() throws IOException {
        assertThat(BinlogPositionSerializer.INSTANCE.deserialize(2, HexFormat.of().parseHex(POSITION_V2)))
                .isEqualTo(new BinlogPosition("binlog.000002", 900, Optional.of("0-1-5"), 17));
        assertThat(HexFormat.of().formatHex(BinlogPositionSerializer.INSTANCE.serialize(new BinlogPosition("binlog.000002", 900,
                Optional.of("0-1-5"), 17)))).as("the current version writes version-2 bytes").isEqualTo(POSITION_V2);
    }

    @Test
    void refusesUnknownVersions() {
        assertThatThrownBy(() -> BinlogPositionSerializer.INSTANCE.deserialize(3, new byte[0])).hasMessageContaining("written by a newer release");
        assertThatThrownBy(() -> MySqlSnapshotMarkerSerializer.INSTANCE.deserialize(9, new byte[0])).hasMessageContaining("written by a newer release");
    }
}
