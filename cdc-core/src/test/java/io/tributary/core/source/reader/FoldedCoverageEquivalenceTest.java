package io.tributary.core.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.TableId;
import io.tributary.core.source.LongSerializer;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.split.CdcSplitSerializer;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRange;
import io.tributary.core.source.split.FinishedRanges;
import io.tributary.core.source.split.StreamSplit;
import io.tributary.core.spi.SinkRecovery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Folding the finished chunks must not change a single decision of the stream. Randomized chunks
 * (some unread, some read in two parts under different epochs, some reported twice), markers per
 * epoch or per chunk, and a stream position; the stream's filter, as the binlog reader applies it
 * (a change is held by the snapshot when its transaction starts before the view of the chunk
 * holding its key), is asked for every key and every later position, once against the chunks as
 * reported and once against the folded ranges after a round trip through the checkpoint.
 */
class FoldedCoverageEquivalenceTest {
    private static final SimpleVersionedSerializer<Long> LONGS = LongSerializer.INSTANCE;
    private static final List<TableId> TABLES = List.of(TableId.of("shop", "public", "orders"), TableId.of("shop", "public", "items"),
            TableId.of("shop", "public", "log"));
    private static final Map<TableId, ChunkKey> CHUNK_KEYS = Map.of(TABLES.get(0), ChunkKey.of(List.of("id")), TABLES.get(1),
            ChunkKey.of(List.of("id")), TABLES.get(2), ChunkKey.of(List.of("seq")));
    /** The first two tables have a primary key (the sink upserts them); the third is chunked by a unique column. */
    private static final Set<TableId> UPSERTED = Set.of(TABLES.get(0), TABLES.get(1));
    private static final long MAX_KEY = 400;

    @RepeatedTest(100)
    void theStreamDecidesEveryChangeAlikeBeforeAndAfterFolding(RepetitionInfo repetition) throws IOException {
        Random random = new Random(repetition.getCurrentRepetition() * 7919L);
        for (SinkRecovery recovery : SinkRecovery.values()) {
            List<FinishedChunk> reported = reportedChunks(random, recovery);
            long streamPosition = random.nextInt(700);

            FinishedRanges folded = new FinishedRanges(table -> ChunkKeyOrder.natural());
            reported.forEach(chunk -> folded.add(FinishedRange.of(chunk)));
            folded.streamPast(range -> streamPosition >= range.marker().decode(LONGS));
            List<FinishedRange> checkpointed = roundTrip(folded.list());
            // Each part once, as the enumerator kept them before folding (it ignored a report that came twice).
            List<FinishedRange> asReported = new ArrayList<>(new LinkedHashSet<>(reported)).stream().map(FinishedRange::of).toList();
            assertThat(checkpointed.size()).as("folding never adds ranges").isLessThanOrEqualTo(asReported.size());

            ChunkCoverage<Long> before = coverage(asReported, recovery);
            ChunkCoverage<Long> after = coverage(checkpointed, recovery);
            for (TableId table : TABLES) {
                for (long key = -3; key <= MAX_KEY + 3; key += 1 + random.nextInt(2)) {
                    for (long change = streamPosition; change < streamPosition + 100; change += 1 + random.nextInt(6)) {
                        assertThat(holds(after, table, key, change))
                                .as("%s key %d, change at %d, stream at %d, %s", table, key, change, streamPosition, recovery)
                                .isEqualTo(holds(before, table, key, change));
                    }
                }
            }
        }
    }

    @RepeatedTest(20)
    void aSnapshotReadUnderOneEpochFoldsIntoOneRangePerTable(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        FinishedRanges folded = new FinishedRanges(table -> ChunkKeyOrder.natural());
        EncodedValue epoch = EncodedValue.encode(LONGS, 100L);
        for (TableId table : TABLES) {
            List<ChunkRange> ranges = chunkRanges(random);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < ranges.size(); i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, random);
            for (int i : order) {
                folded.add(new FinishedRange(table, ranges.get(i), 1, epoch, 10, 1, false));
            }
        }
        assertThat(folded.list()).hasSize(TABLES.size()).allSatisfy(range -> assertThat(range.range().isWholeTable()).isTrue());
    }

    /** The stream's filter as the binlog reader applies it. */
    private static boolean holds(ChunkCoverage<Long> coverage, TableId table, long key, long transactionStart) {
        Optional<Long> newestView = coverage.markers().stream().max(Long::compare);
        if (newestView.isEmpty() || transactionStart >= newestView.get()) {
            return false;
        }
        return coverage.markerFor(table, new Object[] {key}).map(view -> transactionStart < view).orElse(false);
    }

    private static ChunkCoverage<Long> coverage(List<FinishedRange> ranges, SinkRecovery recovery) {
        return new ChunkCoverage<>(ranges, LONGS, table -> ChunkKeyOrder.natural(), CHUNK_KEYS::get, UPSERTED::contains, recovery);
    }

    private static List<FinishedRange> roundTrip(List<FinishedRange> ranges) throws IOException {
        StreamSplit split = new StreamSplit(new EncodedValue(1, new byte[] {1}), Map.of(), CHUNK_KEYS, ranges);
        byte[] bytes = CdcSplitSerializer.INSTANCE.serialize(split);
        return ((StreamSplit) CdcSplitSerializer.INSTANCE.deserialize(CdcSplitSerializer.INSTANCE.getVersion(), bytes)).finishedRanges();
    }

    /**
     * Chunks of every table as readers report them, each under one of three epochs: under their
     * epoch's marker or (as MariaDB gives) their own, except that a sink whose replays converge gets
     * the epoch's marker for the tables it upserts; some not read yet, some read in two parts
     * across a restart, some reported twice.
     */
    private static List<FinishedChunk> reportedChunks(Random random, SinkRecovery recovery) {
        long[] epochMarkers = {100, 300, 500};
        List<FinishedChunk> chunks = new ArrayList<>();
        for (TableId table : TABLES) {
            boolean epochMarkersOnly = recovery == SinkRecovery.REPLAY_CONVERGES && UPSERTED.contains(table);
            boolean perChunkMarkers = !epochMarkersOnly && random.nextBoolean();
            List<ChunkRange> ranges = chunkRanges(random);
            for (int i = 0; i < ranges.size(); i++) {
                if (random.nextInt(5) == 0) {
                    continue;
                }
                String id = table.identifier() + "#" + i;
                int epoch = random.nextInt(3);
                ChunkRange range = ranges.get(i);
                Optional<Long> splitAt = splitPoint(range, random);
                if (splitAt.isPresent() && random.nextBoolean()) {
                    int laterEpoch = Math.min(2, epoch + 1);
                    chunks.add(chunk(id, table, range.upTo(new Object[] {splitAt.get()}), epoch, epochMarkers, perChunkMarkers, random));
                    chunks.add(chunk(id, table, range.after(new Object[] {splitAt.get()}), laterEpoch, epochMarkers, perChunkMarkers, random));
                } else {
                    chunks.add(chunk(id, table, range, epoch, epochMarkers, perChunkMarkers, random));
                }
                if (random.nextInt(10) == 0) {
                    chunks.add(chunks.get(chunks.size() - 1));
                }
            }
        }
        java.util.Collections.shuffle(chunks, random);
        return chunks;
    }

    private static FinishedChunk chunk(String id, TableId table, ChunkRange range, int epoch, long[] epochMarkers, boolean perChunkMarkers,
            Random random) {
        long marker = epochMarkers[epoch] + (perChunkMarkers ? random.nextInt(150) : 0);
        return new FinishedChunk(id, table, range, epoch + 1, EncodedValue.encode(LONGS, marker), 1 + random.nextInt(100));
    }

    /** Contiguous ranges over the whole key space, as a splitter cuts them. */
    private static List<ChunkRange> chunkRanges(Random random) {
        TreeSet<Long> bounds = new TreeSet<>();
        int count = random.nextInt(40);
        while (bounds.size() < count) {
            bounds.add(1 + (long) random.nextInt((int) MAX_KEY));
        }
        List<ChunkRange> ranges = new ArrayList<>();
        Optional<Object[]> lower = Optional.empty();
        for (long bound : bounds) {
            Optional<Object[]> upper = Optional.of(new Object[] {bound});
            ranges.add(ChunkRange.of(lower, upper));
            lower = upper;
        }
        ranges.add(ChunkRange.of(lower, Optional.empty()));
        return ranges;
    }

    private static Optional<Long> splitPoint(ChunkRange range, Random random) {
        long from = range.lower().map(b -> (Long) b.key()[0]).orElse(-2L);
        long to = range.upper().map(b -> (Long) b.key()[0]).orElse(MAX_KEY + 2);
        return to - from < 2 ? Optional.empty() : Optional.of(from + 1 + random.nextInt((int) (to - from - 1)));
    }
}
