package io.tributary.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.SnapshotSplit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class SnapshotProgressMetricsTest {
    private static final TableId ORDERS = TableId.parse("appdb.public.orders");
    private static final TableSchema SCHEMA = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT))), List.of("id"));
    private static final EncodedValue MARKER = new EncodedValue(1, new byte[] {1});

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicBoolean complete = new AtomicBoolean();
    private final SnapshotProgressMetrics progress = new SnapshotProgressMetrics(new UnregisteredMetricsGroup(), complete::get, now::get);

    @Test
    void estimatesTimeLeftFromThisRunsRate() {
        progress.restore(List.of(CapturedTable.byPrimaryKey(ORDERS, SCHEMA, 10_000)), List.of(), List.of(),
                List.of(FinishedRange.of(finished(0, 2_000))));
        assertThat(progress.remainingSeconds()).as("no rate yet in this run").isNaN();

        progress.chunkMade(SnapshotSplit.fresh(ORDERS, SCHEMA, ChunkKey.primaryKeyOf(SCHEMA), 1, ChunkRange.all()));
        now.addAndGet(10_000);
        progress.chunkFinished(finished(1, 2_000));
        // 2,000 rows in 10 s this run; 6,000 of the estimated 10,000 left
        assertThat(progress.remainingSeconds()).isEqualTo(30.0);

        complete.set(true);
        assertThat(progress.remainingSeconds()).isZero();
    }

    private static FinishedChunk finished(int index, long rows) {
        return new FinishedChunk(ORDERS.identifier() + "#" + index, ORDERS, ChunkRange.all(), 1, MARKER, rows);
    }
}
