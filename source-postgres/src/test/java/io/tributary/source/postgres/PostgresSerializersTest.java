package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Checkpoints written by earlier versions must stay readable: the committed fixtures are version 1 bytes. */
class PostgresSerializersTest {
    private static final PostgresPosition POSITION = new PostgresPosition(0x0000000116B37480L, 3);
    private static final PostgresSnapshotMarker MARKER = new PostgresSnapshotMarker(4294968296L, 4294968306L, new long[] {4294968301L, 4294968298L});

    @Test
    void readsVersion1PositionFixture() throws IOException {
        byte[] fixture = fixture("postgres-position-v1.bin");

        assertThat(PostgresPositionSerializer.INSTANCE.deserialize(1, fixture)).isEqualTo(POSITION);
        assertThat(PostgresPositionSerializer.INSTANCE.getVersion()).isEqualTo(1);
        assertThat(PostgresPositionSerializer.INSTANCE.serialize(POSITION)).isEqualTo(fixture);
    }

    @Test
    void readsVersion1MarkerFixture() throws IOException {
        byte[] fixture = fixture("postgres-snapshot-marker-v1.bin");

        assertThat(PostgresSnapshotMarkerSerializer.INSTANCE.deserialize(1, fixture)).isEqualTo(MARKER);
        assertThat(PostgresSnapshotMarkerSerializer.INSTANCE.getVersion()).isEqualTo(1);
        assertThat(PostgresSnapshotMarkerSerializer.INSTANCE.serialize(MARKER)).isEqualTo(fixture);
    }

    @Test
    void rejectsUnknownVersionsAndTruncatedBytes() {
        assertThatThrownBy(() -> PostgresPositionSerializer.INSTANCE.deserialize(2, new byte[16]))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_INCOMPATIBLE))
                .hasMessageContaining("version 2").hasMessageContaining("written by a newer release");
        assertThatThrownBy(() -> PostgresSnapshotMarkerSerializer.INSTANCE.deserialize(9, new byte[20]))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_INCOMPATIBLE));
        assertThatThrownBy(() -> PostgresPositionSerializer.INSTANCE.deserialize(1, new byte[8])).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PostgresSnapshotMarkerSerializer.INSTANCE.deserialize(1, new byte[12])).isInstanceOf(IOException.class);
    }

    @Test
    void positionsOrderByLsnThenByChangesWithinTheTransaction() {
        PostgresPosition commitStart = new PostgresPosition(100, 0);
        PostgresPosition secondChange = new PostgresPosition(100, 2);
        PostgresPosition afterCommit = PostgresPosition.at(180);
        PostgresPosition highLsn = PostgresPosition.at(0x8000_0000_0000_0000L);

        assertThat(commitStart).isLessThan(secondChange);
        assertThat(secondChange).isLessThan(afterCommit);
        assertThat(afterCommit).as("LSNs are unsigned").isLessThan(highLsn);
        assertThat(secondChange.toString()).isEqualTo("0/64+2");
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = PostgresSerializersTest.class.getResourceAsStream("/serializer-fixtures/" + name)) {
            return in.readAllBytes();
        }
    }
}
