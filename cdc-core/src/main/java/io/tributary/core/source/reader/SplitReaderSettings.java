package io.tributary.core.source.reader;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.spi.SinkRecovery;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link CdcSplitReader} on the fetcher thread is built from: the dialect, the reader's
 * settings, and the objects it shares with the reader's main thread (the announced epoch, the
 * position to acknowledge, the chunk reader connection, metrics, checkpoint durability, the
 * stream's release and the tables to read again).
 */
record SplitReaderSettings<P extends Comparable<P>, M>(
        SourceDialect<P, M> dialect,
        EpochHolder epochHolder,
        AtomicReference<P> pendingAcknowledgement,
        SharedChunkReader<M> chunkReader,
        SourceReaderMetrics metrics,
        StreamDurability durability,
        StreamRelease streamRelease,
        ReadAgainRecords.Requests readAgain,
        int batchRows,
        SinkRecovery sinkRecovery,
        boolean snapshots) {

    SplitReaderSettings {
        requireNonNull(dialect, "dialect is null");
        requireNonNull(epochHolder, "epochHolder is null");
        requireNonNull(pendingAcknowledgement, "pendingAcknowledgement is null");
        requireNonNull(chunkReader, "chunkReader is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(durability, "durability is null");
        requireNonNull(streamRelease, "streamRelease is null");
        requireNonNull(readAgain, "readAgain is null");
        requireNonNull(sinkRecovery, "sinkRecovery is null");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive: " + batchRows);
        }
    }
}
