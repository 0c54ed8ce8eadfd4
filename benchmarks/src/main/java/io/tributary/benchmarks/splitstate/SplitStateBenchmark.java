package io.tributary.benchmarks.splitstate;

import io.tributary.core.source.LongSerializer;
import io.tributary.core.source.StartupMode;
import io.tributary.core.source.dialect.ChunkKeyOrder;
import io.tributary.core.source.enumerator.CdcSplitEnumerator;
import io.tributary.core.source.enumerator.EnumeratorState;
import io.tributary.core.source.enumerator.EnumeratorStateSerializer;
import io.tributary.core.source.enumerator.FakeEnumeratorContext;
import io.tributary.core.source.event.ChunksFinishedEvent;
import io.tributary.core.source.event.EpochEvent;
import io.tributary.core.source.split.CdcSplit;
import io.tributary.core.source.split.CdcSplitSerializer;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.FinishedRanges;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.source.split.StreamSplit;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives the split enumerator through a whole snapshot of a synthetic source, as the readers
 * would (split requests, finished-chunk reports, checkpoints), then measures what a checkpoint
 * costs: the enumerator's serialized state, the stream split, the time to take and serialize
 * them, and the heap the enumerator holds.
 */
final class SplitStateBenchmark {
    private static final int READERS = 4;
    private static final int CHUNKS_PER_REPORT = 1;

    private final PrintWriter out;
    private final int tables;
    private final int chunksPerTable;
    private final boolean markerPerChunk;
    private final int samples;

    SplitStateBenchmark(PrintWriter out, int tables, int chunksPerTable, boolean markerPerChunk, int samples) {
        this.out = out;
        this.tables = tables;
        this.chunksPerTable = chunksPerTable;
        this.markerPerChunk = markerPerChunk;
        this.samples = samples;
    }

    void run() throws Exception {
        long heapBefore = usedHeapAfterGc();
        FakeEnumeratorContext context = new FakeEnumeratorContext(READERS);
        for (int reader = 0; reader < READERS; reader++) {
            context.registerReader(reader);
        }
        SyntheticDialect dialect = new SyntheticDialect(tables, chunksPerTable);
        CdcSplitEnumerator<Long, Long> enumerator = new CdcSplitEnumerator<>(context, dialect, StartupMode.INITIAL, EnumeratorState.initial());
        long started = System.nanoTime();
        enumerator.start();
        context.runAsyncWork();
        long chunks = readEveryChunk(enumerator, context);
        double driveSeconds = (System.nanoTime() - started) / 1e9;
        out.printf("Snapshot of %,d tables, %,d chunks driven in %.1f s (%s markers)%n", tables, chunks, driveSeconds,
                markerPerChunk ? "per-chunk" : "per-epoch");

        long checkpointId = 1;
        long[] stateNanos = new long[samples];
        byte[] state = null;
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            state = EnumeratorStateSerializer.INSTANCE.serialize(enumerator.snapshotState(checkpointId++));
            stateNanos[i] = System.nanoTime() - t0;
        }
        long heapAfter = usedHeapAfterGc();

        enumerator.handleSplitRequest(0, "localhost");
        enumerator.notifyCheckpointComplete(checkpointId - 1);
        StreamSplit stream = assignedStreamSplit(context);
        long[] streamNanos = new long[samples];
        byte[] streamBytes = serialize(stream, streamNanos);
        // The reader's checkpoint once the stream has read past every chunk's view.
        long pastEveryView = stream.finishedRanges().stream().mapToLong(r -> r.marker().decode(dialect.markerSerializer())).max().orElse(0) + 1;
        FinishedRanges ranges = FinishedRanges.of(stream.finishedRanges(), table -> ChunkKeyOrder.natural());
        ranges.streamPast(range -> dialect.streamIsPast(pastEveryView, range.marker().decode(dialect.markerSerializer())));
        StreamSplit passed = new StreamSplit(stream.position(), stream.schemas(), stream.chunkKeys(), ranges.list());
        long[] passedNanos = new long[samples];
        byte[] passedBytes = serialize(passed, passedNanos);

        out.printf("checkpointed enumerator state: %,d bytes (%.1f MB), snapshotState + serialize median %.0f ms of %d%n",
                state.length, state.length / 1e6, median(stateNanos) / 1e6, samples);
        out.printf("stream split:                  %,d bytes (%.1f MB), serialize median %.0f ms of %d%n",
                streamBytes.length, streamBytes.length / 1e6, median(streamNanos) / 1e6, samples);
        out.printf("stream split, stream past every view: %,d bytes (%.1f MB), serialize median %.0f ms of %d%n",
                passedBytes.length, passedBytes.length / 1e6, median(passedNanos) / 1e6, samples);
        out.printf("enumerator heap (after GC):    %.0f MB%n", (heapAfter - heapBefore) / 1e6);
        out.flush();
        enumerator.close();
    }

    /** Serves split requests and reports every assigned chunk finished, until the snapshot is read. */
    private long readEveryChunk(CdcSplitEnumerator<Long, Long> enumerator, FakeEnumeratorContext context) {
        long total = (long) tables * chunksPerTable;
        long finished = 0;
        long nextLogOffset = 1_000_000;
        while (finished < total) {
            for (int reader = 0; reader < READERS; reader++) {
                enumerator.handleSplitRequest(reader, "localhost");
            }
            context.runAsyncWork();
            EpochEvent epoch = latestEpoch(context);
            List<FakeEnumeratorContext.Assignment> assigned = new ArrayList<>(context.assignments());
            context.assignments().clear();
            List<FinishedChunk> report = new ArrayList<>(CHUNKS_PER_REPORT);
            for (FakeEnumeratorContext.Assignment assignment : assigned) {
                if (!(assignment.split() instanceof SnapshotSplit chunk)) {
                    continue;
                }
                EncodedValue marker = markerPerChunk
                        ? EncodedValue.encode(LongSerializer.INSTANCE, nextLogOffset++)
                        : epoch.marker();
                report.add(new FinishedChunk(chunk.splitId(), chunk.tableId(), chunk.range(), epoch.epochId(), marker, SyntheticDialect.ROWS_PER_CHUNK));
                enumerator.handleSourceEvent(assignment.reader(), new ChunksFinishedEvent(report));
                report.clear();
                finished++;
            }
        }
        return finished;
    }

    private static byte[] serialize(StreamSplit split, long[] nanos) throws java.io.IOException {
        byte[] bytes = null;
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            bytes = CdcSplitSerializer.INSTANCE.serialize(split);
            nanos[i] = System.nanoTime() - t0;
        }
        return bytes;
    }

    private static EpochEvent latestEpoch(FakeEnumeratorContext context) {
        for (int i = context.events().size() - 1; i >= 0; i--) {
            if (context.events().get(i).event() instanceof EpochEvent epoch) {
                return epoch;
            }
        }
        throw new IllegalStateException("no snapshot epoch was announced");
    }

    private static StreamSplit assignedStreamSplit(FakeEnumeratorContext context) {
        for (FakeEnumeratorContext.Assignment assignment : context.assignments()) {
            CdcSplit split = assignment.split();
            if (split instanceof StreamSplit stream) {
                return stream;
            }
        }
        throw new IllegalStateException("the stream was not assigned after the checkpoint holding every chunk completed");
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
