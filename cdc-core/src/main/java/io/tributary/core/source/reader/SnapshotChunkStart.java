package io.tributary.core.source.reader;

import io.tributary.core.source.event.EpochEvent;
import io.tributary.core.source.split.EncodedValue;
import java.util.Optional;

/**
 * Fetcher → emitter: the rows that follow were read under this epoch, at this time, as of the
 * chunk's own marker where there is one (otherwise the epoch's).
 */
record SnapshotChunkStart(EpochEvent epoch, Optional<EncodedValue> chunkMarker, long readTimestampMillis) {
    EncodedValue marker() {
        return chunkMarker.orElse(epoch.marker());
    }
}
