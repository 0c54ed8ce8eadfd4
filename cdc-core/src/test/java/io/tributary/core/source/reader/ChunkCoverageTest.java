package io.tributary.core.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.KeyComparators;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.spi.SinkRecovery;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    void aSinkWhereReplaysConvergeGetsKeyedTablesReplayedFromTheOldestView() {
        ChunkCoverage<String> coverage = coverage(SinkRecovery.REPLAY_CONVERGES);

        assertThat(coverage.markerFor(ORDERS, new Object[] {5L})).contains("lsn-100");
        assertThat(coverage.markerFor(ORDERS, new Object[] {100L})).contains("lsn-100");
        assertThat(coverage.markerFor(LOG, new Object[0])).contains("lsn-200");
    }

    @Test
    void aTableNoChunkCoversHasNoMarker() {
        assertThat(coverage(SinkRecovery.ROLLS_BACK).markerFor(TableId.of("shop", "public", "new_table"), new Object[] {1L})).isEmpty();
    }

    private static ChunkCoverage<String> coverage(SinkRecovery recovery) {
        return new ChunkCoverage<>(CHUNKS, STRINGS, table -> KeyComparators.natural(), CHUNK_KEYS::get, ORDERS::equals, recovery);
    }

    private static EncodedValue marker(String value) {
        return EncodedValue.encode(STRINGS, value);
    }
}
