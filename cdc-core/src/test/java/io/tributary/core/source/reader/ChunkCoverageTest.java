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
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.spi.SinkRecovery;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

/**
 * A chunk read across a restart: keys 1..99 under the first epoch ("lsn-100"), keys 100.. under
 * the second ("lsn-200"), and a keyless table read under the second.
 */
class ChunkCoverageTest {
    private static final SimpleVersionedSerializer<String> STRINGS = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(int version, byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    };

    private static final TableId ORDERS = TableId.of("shop", "public", "orders");
    private static final TableId LOG = TableId.of("shop", "public", "log");

    private static final Map<TableId, ChunkKey> CHUNK_KEYS = Map.of(ORDERS, ChunkKey.of(List.of("id")), LOG, ChunkKey.none());
    private static final List<FinishedChunk> CHUNKS = List.of(
            new FinishedChunk("orders-0", ORDERS, ChunkRange.of(Optional.empty(), Optional.of(new Object[] {100L})), 1, marker("lsn-100"), 99),
            new FinishedChunk("orders-0", ORDERS, ChunkRange.of(Optional.of(new Object[] {100L}), Optional.empty()), 2, marker("lsn-200"), 50),
            new FinishedChunk("log-0", LOG, ChunkRange.all(), 2, marker("lsn-200"), 10));

    @Test
    void aSinkThatRollsBackGetsEachPartAsOfItsOwnView() {
        ChunkCoverage<String> coverage = coverage(SinkRecovery.ROLLS_BACK);

        assertThat(coverage.markerFor(ORDERS, new Object[] {5L})).contains("lsn-100");
        assertThat(coverage.markerFor(ORDERS, new Object[] {100L})).contains("lsn-200");
        assertThat(coverage.markerFor(LOG, new Object[0])).contains("lsn-200");
        assertThat(coverage.markers()).containsExactlyInAnyOrder("lsn-100", "lsn-200");
    }

    @Test
    void aSinkWhereReplaysConvergeGetsEveryChangeOfKeyedTablesFromTheStreamsStart() {
        ChunkCoverage<String> coverage = coverage(SinkRecovery.REPLAY_CONVERGES);

        assertThat(coverage.markerFor(ORDERS, new Object[] {5L})).as("no chunk holds a change, whatever its view").isEmpty();
        assertThat(coverage.markerFor(ORDERS, new Object[] {100L})).isEmpty();
        assertThat(coverage.markerFor(LOG, new Object[0])).as("a table without a primary key keeps its own view").contains("lsn-200");
        assertThat(coverage.replaysFromStreamStart()).isTrue();
        assertThat(coverage(SinkRecovery.ROLLS_BACK).replaysFromStreamStart()).isFalse();
    }

    @Test
    void aTableNoChunkCoversHasNoMarker() {
        assertThat(coverage(SinkRecovery.ROLLS_BACK).markerFor(TableId.of("shop", "public", "new_table"), new Object[] {1L})).isEmpty();
    }

    /**
     * Keys of mixed types, as a document store's {@code _id} can hold: the dialect's bound form
     * tags each value with its type's rank (numbers before text, as MongoDB sorts them), and the
     * stream's row values are looked up in that form.
     */
    @Test
    void aDialectsOwnBoundFormAndOrderLocateStreamedRows() {
        TableId docs = TableId.ofDatabaseTable("shop", "docs");
        TableSchema schema = new TableSchema(List.of(new Column("_id", DataType.of(TypeKind.TEXT)), new Column("v", DataType.of(TypeKind.TEXT))),
                List.of("_id"));
        ChunkKeyOrder typeRankFirst = new ChunkKeyOrder() {
            @Override
            public Object[] boundOf(Object[] values) {
                return new Object[] {values[0] instanceof Number ? 1 : 2, String.valueOf(values[0])};
            }

            @Override
            public int compare(Object[] a, Object[] b) {
                int byType = Integer.compare((Integer) a[0], (Integer) b[0]);
                return byType != 0 ? byType : ((String) a[1]).compareTo((String) b[1]);
            }
        };
        // Chunk 0 up to the text "m", chunk 1 from there: every number sorts into chunk 0.
        List<FinishedRange> chunks = Stream.of(
                new FinishedChunk("docs-0", docs, ChunkRange.of(Optional.empty(), Optional.of(new Object[] {2, "m"})), 1, marker("first"), 10),
                new FinishedChunk("docs-1", docs, ChunkRange.of(Optional.of(new Object[] {2, "m"}), Optional.empty()), 2, marker("second"), 10))
                .map(FinishedRange::of).toList();
        ChunkCoverage<String> coverage = new ChunkCoverage<>(chunks, STRINGS, table -> typeRankFirst, table -> ChunkKey.of(List.of("_id")),
                table -> false, SinkRecovery.ROLLS_BACK);

        assertThat(coverage.markerForRow(docs, schema, new Object[] {999_999L, "x"})).contains("first");
        assertThat(coverage.markerForRow(docs, schema, new Object[] {"a", "x"})).contains("first");
        assertThat(coverage.markerForRow(docs, schema, new Object[] {"zebra", "x"})).contains("second");
    }

    private static ChunkCoverage<String> coverage(SinkRecovery recovery) {
        return new ChunkCoverage<>(CHUNKS.stream().map(FinishedRange::of).toList(), STRINGS, table -> ChunkKeyOrder.natural(), CHUNK_KEYS::get, ORDERS::equals, recovery);
    }

    private static EncodedValue marker(String value) {
        return EncodedValue.encode(STRINGS, value);
    }
}
