package io.tributary.core.source.enumerator;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which finished chunks each enumerator checkpoint holds, so that readers may forget their
 * reports of them once that checkpoint completed (until then a reader keeps them in its own
 * checkpoint, in case the enumerator's is lost).
 */
final class ChunkAcknowledgements {
    private final Set<String> finishedSinceLastCheckpoint = new HashSet<>();
    private final TreeMap<Long, Set<String>> acknowledgeAfterCheckpoint = new TreeMap<>();

    void chunkFinished(String splitId) {
        finishedSinceLastCheckpoint.add(splitId);
    }

    void checkpointTaken(long checkpointId) {
        acknowledgeAfterCheckpoint.put(checkpointId, new HashSet<>(finishedSinceLastCheckpoint));
        finishedSinceLastCheckpoint.clear();
    }

    /** The split ids that checkpoints up to {@code checkpointId} hold and readers were not told about yet. */
    Set<String> checkpointCompleted(long checkpointId) {
        Set<String> acknowledged = new HashSet<>();
        var completed = acknowledgeAfterCheckpoint.headMap(checkpointId, true);
        completed.values().forEach(acknowledged::addAll);
        completed.clear();
        return acknowledged;
    }
}
