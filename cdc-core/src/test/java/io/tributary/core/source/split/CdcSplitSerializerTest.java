package io.tributary.core.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.enumerator.EnumeratorState;
import io.tributary.core.source.enumerator.EnumeratorStateSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
    void aChunkKeyOtherThanThePrimaryKeyRoundTrips() throws IOException {
        SnapshotSplit split = new SnapshotSplit("appdb.public.log#0", SplitFixtures.TABLE, SplitFixtures.SCHEMA, ChunkKey.of(List.of("id")),
                ChunkRange.all(), List.of(), false);
        assertThat(((SnapshotSplit) roundTrip(split)).chunkKey()).isEqualTo(ChunkKey.of(List.of("id")));
        StreamSplit stream = new StreamSplit(new EncodedValue(1, new byte[] {1}), Map.of(SplitFixtures.TABLE, SplitFixtures.SCHEMA),
                Map.of(SplitFixtures.TABLE, ChunkKey.none()), List.of());
        assertThat(((StreamSplit) roundTrip(stream)).chunkKey(SplitFixtures.TABLE)).isEqualTo(ChunkKey.none());
        SnapshotSplit byRowId = new SnapshotSplit("appdb.public.log#1", SplitFixtures.TABLE, SplitFixtures.SCHEMA, ChunkKey.synthetic("ROWID"),
                ChunkRange.all(), List.of(), false);
        assertThat(((SnapshotSplit) roundTrip(byRowId)).chunkKey()).isEqualTo(ChunkKey.synthetic("ROWID"));
    }

    @Test
    void theTablesTheStreamReadsAgainRoundTripWithHowFarTheyAreRead() throws IOException {
        StreamSplit plain = SplitFixtures.streamSplit();
        ReadAgain started = new ReadAgain(3, SplitFixtures.snapshotSplit(), 1_000_000, Optional.of("id > 7"), Optional.of(new Object[] {42L}));
        ReadAgain waiting = new ReadAgain(4, SplitFixtures.snapshotSplit(), 10, Optional.empty(), Optional.empty());
        StreamSplit split = new StreamSplit(plain.position(), plain.schemas(), plain.chunkKeys(), plain.finishedRanges(), List.of(started, waiting));

        assertThat(roundTrip(split)).usingRecursiveComparison().isEqualTo(split);
    }

    @Test
    void foldedRangesRoundTrip() throws IOException {
        StreamSplit split = SplitFixtures.foldedStreamSplit();
        assertThat(roundTrip(split)).usingRecursiveComparison().isEqualTo(split);
    }

    /** Versions 1 and 2 carried one entry per finished chunk part; each reads as a range of one chunk. */
    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void readsFoldedFixturesOfEveryVersionSinceFolding(int version) throws IOException {
        assertThat(CdcSplitSerializer.INSTANCE.deserialize(version, fixture("stream-split-folded-v" + version + ".bin")))
                .usingRecursiveComparison().isEqualTo(SplitFixtures.foldedStreamSplit());
    }

    /** Version 1 had no chunk keys: every table was chunked by its primary key, which is what it reads as. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void readsFixturesOfEveryVersion(int version) throws IOException {
        assertThat(CdcSplitSerializer.INSTANCE.deserialize(version, fixture("snapshot-split-v" + version + ".bin")))
                .usingRecursiveComparison().isEqualTo(SplitFixtures.snapshotSplit());
        assertThat(CdcSplitSerializer.INSTANCE.deserialize(version, fixture("stream-split-v" + version + ".bin")))
                .usingRecursiveComparison().isEqualTo(SplitFixtures.streamSplit());
        EnumeratorState state = EnumeratorStateSerializer.INSTANCE.deserialize(version, fixture("enumerator-state-v" + version + ".bin"));
        assertThat(state).usingRecursiveComparison().isEqualTo(SplitFixtures.enumeratorState());
    }

    /** Version 4 added column defaults to schemas: a constant one keeps its value, a computed one its text alone. */
    @Test
    void readsTheFixturesOfVersion4WithColumnDefaults() throws IOException {
        assertThat(CdcSplitSerializer.INSTANCE.deserialize(4, fixture("snapshot-split-v4.bin")))
                .usingRecursiveComparison().isEqualTo(SplitFixtures.snapshotSplit(SplitFixtures.SCHEMA_WITH_DEFAULTS));
        StreamSplit stream = (StreamSplit) CdcSplitSerializer.INSTANCE.deserialize(4, fixture("stream-split-v4.bin"));
        assertThat(stream.schemas().get(SplitFixtures.TABLE)).isEqualTo(SplitFixtures.SCHEMA_WITH_DEFAULTS);
        assertThat(stream.schemas().get(SplitFixtures.TABLE).columns().get(1).defaultValue().orElseThrow().isLiteral()).isFalse();
        EnumeratorState state = EnumeratorStateSerializer.INSTANCE.deserialize(4, fixture("enumerator-state-v4.bin"));
        assertThat(state).usingRecursiveComparison().isEqualTo(SplitFixtures.enumeratorState(SplitFixtures.SCHEMA_WITH_DEFAULTS));
    }

    @Test
    void theEnumeratorStateRoundTripsWithTheTableSelectionAndTheLastReSnapshotApplied() throws IOException {
        EnumeratorState state = EnumeratorState.builder().discovered(true).tables(SplitFixtures.enumeratorState().tables())
                .tableSelection(Optional.of("tables: appdb.public.*")).resnapshotId(7).build();
        byte[] bytes = EnumeratorStateSerializer.INSTANCE.serialize(state);
        assertThat(EnumeratorStateSerializer.INSTANCE.deserialize(EnumeratorStateSerializer.INSTANCE.getVersion(), bytes))
                .usingRecursiveComparison().isEqualTo(state);
        // Version 6 appended the number to version 5's layout: a state written before reads as having applied none.
        EnumeratorState before = EnumeratorStateSerializer.INSTANCE.deserialize(5, Arrays.copyOf(bytes, bytes.length - Long.BYTES));
        assertThat(before.resnapshotId()).isZero();
        assertThat(before.tableSelection()).contains("tables: appdb.public.*");
    }

    @Test
    void unknownVersionIsRefusedWithWhatToDo() {
        for (var read : List.<ThrowingCallable>of(() -> CdcSplitSerializer.INSTANCE.deserialize(99, new byte[0]),
                () -> EnumeratorStateSerializer.INSTANCE.deserialize(99, new byte[0]))) {
            assertThatThrownBy(read).isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_INCOMPATIBLE))
                    .hasMessageContaining("version 99").hasMessageContaining("newer release").hasMessageContaining("--state-dir");
        }
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
