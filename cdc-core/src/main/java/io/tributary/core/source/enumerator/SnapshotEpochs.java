package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.event.EpochEvent;
import io.tributary.core.source.split.EncodedValue;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot epoch chunks are read under: opened when the snapshot has chunks to read, kept open
 * until the snapshot completes, announced to readers. Epoch ids grow across restarts.
 */
final class SnapshotEpochs<M> {
    /** Logs under the enumerator's name, as users have always seen these lines. */
    private static final Logger LOG = LoggerFactory.getLogger(CdcSplitEnumerator.class);

    private final SourceDialect<?, M> dialect;
    private final Consumer<EpochEvent> announce;
    private int lastEpochId;
    private SnapshotEpoch<M> epoch;
    private EpochEvent current;

    /**
     * @param lastEpochId the id of the newest epoch opened before (0 at the first start)
     * @param announce tells the readers about a newly opened epoch
     */
    SnapshotEpochs(SourceDialect<?, M> dialect, int lastEpochId, Consumer<EpochEvent> announce) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.announce = requireNonNull(announce, "announce is null");
        this.lastEpochId = lastEpochId;
    }

    /** Opens an epoch unless one is open. */
    void open() {
        if (epoch != null) {
            return;
        }
        epoch = dialect.openSnapshotEpoch();
        lastEpochId++;
        current = new EpochEvent(lastEpochId, epoch.handle(), EncodedValue.encode(dialect.markerSerializer(), epoch.marker()));
        LOG.info("Opened snapshot epoch {}", lastEpochId);
        announce.accept(current);
    }

    /**
     * The newest epoch announced, for a reader that registers later. It stays after the epoch is
     * released: the snapshot is complete then, and a reader has no chunk to read under it.
     */
    Optional<EpochEvent> current() {
        return Optional.ofNullable(current);
    }

    int lastEpochId() {
        return lastEpochId;
    }

    /** Closes the open epoch: the snapshot needs it no more, or the enumerator closes. */
    void close() {
        if (epoch != null) {
            epoch.close();
            epoch = null;
        }
    }
}
