package io.tributary.core.source.reader;

import io.tributary.core.source.split.CdcSplit;

/** The mutable state of a split a reader is working on; converts back to an immutable split. */
sealed interface CdcSplitState permits SnapshotSplitState, StreamSplitState {
    CdcSplit toSplit();
}
