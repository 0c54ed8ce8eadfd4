package io.tributary.core.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.source.enumerator.EnumeratorState;
import io.tributary.core.source.enumerator.EnumeratorStateSerializer;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Checkpointed splits and enumerator state round-trip, and old versions still read from fixtures. */
class CdcSplitSerializerTest {
    @Test
    void snapshotSplitRoundTrips() throws IOException {
        SnapshotSplit split = SplitFixtures.snapshotSplit();
        CdcSplit copy = roundTrip(split);
        assertThat(copy).usingRecursiveComparison().isEqualTo(split);
    }

    @Test
    void streamSplitRoundTrips() throws IOException {
        StreamSplit split = SplitFixtures.streamSplit();
        assertThat(roundTrip(split)).usingRecursiveComparison().isEqualTo(split);
    }

    @Test
    void readsVersion1Fixtures() throws IOException {
        assertThat(CdcSplitSerializer.INSTANCE.deserialize(1, fixture("snapshot-split-v1.bin")))
                .usingRecursiveComparison().isEqualTo(SplitFixtures.snapshotSplit());
        assertThat(CdcSplitSerializer.INSTANCE.deserialize(1, fixture("stream-split-v1.bin")))
                .usingRecursiveComparison().isEqualTo(SplitFixtures.streamSplit());
        EnumeratorState state = EnumeratorStateSerializer.INSTANCE.deserialize(1, fixture("enumerator-state-v1.bin"));
        assertThat(state).usingRecursiveComparison().isEqualTo(SplitFixtures.enumeratorState());
    }

    @Test
    void unknownVersionIsRefusedWithAMessage() {
        assertThatThrownBy(() -> CdcSplitSerializer.INSTANCE.deserialize(99, new byte[0])).hasMessageContaining("version 99");
        assertThatThrownBy(() -> EnumeratorStateSerializer.INSTANCE.deserialize(99, new byte[0])).hasMessageContaining("version 99");
    }

    private static CdcSplit roundTrip(CdcSplit split) throws IOException {
        byte[] bytes = CdcSplitSerializer.INSTANCE.serialize(split);
        return CdcSplitSerializer.INSTANCE.deserialize(CdcSplitSerializer.INSTANCE.getVersion(), bytes);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = CdcSplitSerializerTest.class.getResourceAsStream("/serializer-fixtures/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return in.readAllBytes();
        }
    }
}
