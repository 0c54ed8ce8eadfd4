package io.tributary.core.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.KeyBound;
import io.tributary.core.source.split.SnapshotSplit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a chunk interrupted by a checkpoint resumes: after the chunk key of the last row emitted, in the dialect's bound form. */
class SnapshotSplitStateTest {
    private static final TableId EVENTS = TableId.ofDatabaseTable("app", "events");
    private static final TableSchema KEYLESS = new TableSchema(List.of(new Column("note", DataType.of(TypeKind.TEXT)),
            new Column("seq", DataType.of(TypeKind.BIGINT).notNull())), List.of());

    @Test
    void resumesAfterTheChunkKeyOfTheLastRowNotAfterThePrimaryKey() {
        SnapshotSplit split = SnapshotSplit.fresh(EVENTS, KEYLESS, ChunkKey.of(List.of("seq")), 0, ChunkRange.all());
        SnapshotSplitState state = new SnapshotSplitState(split, ChunkKeyOrder.natural());
        state.startReading(1, new EncodedValue(1, new byte[] {7}), 0);
        state.rowEmitted(new Object[] {"a", 10L});
        state.rowEmitted(new Object[] {"b", 11L});

        SnapshotSplit rest = state.toSplit();
        assertThat(rest.truncateBeforeRead()).isFalse();
        assertThat(rest.range().lower()).contains(new KeyBound(new Object[] {11L}, false));
        assertThat(rest.finishedParts()).singleElement().satisfies(part -> {
            assertThat(part.range().upper()).contains(new KeyBound(new Object[] {11L}, true));
            assertThat(part.rows()).isEqualTo(2);
        });
    }

    @Test
    void keepsResumePointsInTheDialectsBoundForm() {
        ChunkKeyOrder tagged = new ChunkKeyOrder() {
            @Override
            public Object[] boundOf(Object[] values) {
                return new Object[] {"n", values[0]};
            }

            @Override
            public int compare(Object[] a, Object[] b) {
                return Long.compare((Long) a[1], (Long) b[1]);
            }
        };
        SnapshotSplitState state = new SnapshotSplitState(SnapshotSplit.fresh(EVENTS, KEYLESS, ChunkKey.of(List.of("seq")), 0, ChunkRange.all()), tagged);
        state.startReading(1, new EncodedValue(1, new byte[] {7}), 0);
        state.rowEmitted(new Object[] {"a", 42L});

        assertThat(state.toSplit().range().lower()).contains(new KeyBound(new Object[] {"n", 42L}, false));
    }

    @Test
    void aSyntheticKeyTheReaderAppendsIsDroppedFromTheEmittedRowAndKeptAsTheResumePoint() {
        SnapshotSplit split = SnapshotSplit.fresh(EVENTS, KEYLESS, ChunkKey.synthetic("ROWID"), 0, ChunkRange.all());
        SnapshotSplitState state = new SnapshotSplitState(split, ChunkKeyOrder.natural());
        state.startReading(1, new EncodedValue(1, new byte[] {7}), 0);
        Object[] read = {"a", 10L, "AAAR3sAAEAAAACXAAA"};

        assertThat(state.rowValues(read)).containsExactly("a", 10L);
        state.rowEmitted(read);
        assertThat(state.toSplit().range().lower()).contains(new KeyBound(new Object[] {"AAAR3sAAEAAAACXAAA"}, false));
        assertThat(state.toSplit().truncateBeforeRead()).isFalse();
    }

    @Test
    void aTableWithoutChunkKeyIsReadAgainWholeAfterTheSinkEmptiesIt() {
        SnapshotSplitState state = new SnapshotSplitState(SnapshotSplit.fresh(EVENTS, KEYLESS, ChunkKey.none(), 0, ChunkRange.all()),
                ChunkKeyOrder.natural());
        state.startReading(1, new EncodedValue(1, new byte[] {7}), 0);
        state.rowEmitted(new Object[] {"a", 1L});

        assertThat(state.toSplit().truncateBeforeRead()).isTrue();
        assertThat(state.toSplit().range()).isEqualTo(ChunkRange.all());
        assertThat(state.toSplit().finishedParts()).isEmpty();
        assertThat(Optional.of(state.toSplit().chunkKey())).contains(ChunkKey.none());
    }
}
