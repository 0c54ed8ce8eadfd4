package io.tributary.core.source.reader;

import io.tributary.core.source.event.EpochEvent;

/** Fetcher → emitter: the rows that follow were read under this epoch, at this time. */
record SnapshotChunkStart(EpochEvent epoch, long readTimestampMillis) {}
