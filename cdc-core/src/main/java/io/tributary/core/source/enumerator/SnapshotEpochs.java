package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.FatalFailures;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.source.event.EpochEvent;
import io.tributary.core.source.split.CdcSplit;
import io.tributary.core.source.split.EncodedValue;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot epoch chunks are read under: opened when the snapshot has chunks to read, kept open
 * until the snapshot completes, announced to readers. Epoch ids grow across restarts.
 *
 * <p>Opening one is a database round trip (e.g. {@code pg_export_snapshot()}), so it runs on the
 * coordinator's worker thread through {@code callAsync}; the state changes in the handler, on the
 * coordinator thread. One epoch opens at a time. An epoch that arrives when it is no longer wanted
 * (the snapshot completed meanwhile) or after {@link #close()} is closed at once, never announced.
 */
final class SnapshotEpochs<M> {
    /** Logs under the enumerator's name, as users have always seen these lines. */
    private static final Logger LOG = LoggerFactory.getLogger(CdcSplitEnumerator.class);

    private final SplitEnumeratorContext<CdcSplit> context;
    private final SourceDialect<?, M> dialect;
    private final Consumer<EpochEvent> onOpened;
    /**
     * Hands an opened epoch from the worker thread to whichever takes it first: the handler, or
     * {@link #close()} (after which Flink may never run the handler).
     */
    private final AtomicReference<SnapshotEpoch<M>> arrived = new AtomicReference<>();
    private volatile boolean closed;
    private int lastEpochId;
    private boolean opening;
    private boolean wanted;
    private SnapshotEpoch<M> epoch;
    private EpochEvent current;

    /**
     * @param lastEpochId the id of the newest epoch opened before (0 at the first start)
     * @param onOpened runs on the coordinator thread with a newly opened epoch, to announce it
     */
    SnapshotEpochs(SplitEnumeratorContext<CdcSplit> context, SourceDialect<?, M> dialect, int lastEpochId, Consumer<EpochEvent> onOpened) {
        this.context = requireNonNull(context, "context is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.onOpened = requireNonNull(onOpened, "onOpened is null");
        this.lastEpochId = lastEpochId;
    }

    /** Opens an epoch in the background unless one is open or opening. */
    void open() {
        wanted = true;
        if (epoch != null || opening || closed) {
            return;
        }
        opening = true;
        context.callAsync(this::openOnWorker, this::opened);
    }

    private Void openOnWorker() {
        arrived.set(dialect.openSnapshotEpoch());
        if (closed) {
            closeArrived();
        }
        return null;
    }

    private void opened(Void ignored, Throwable error) {
        opening = false;
        if (error != null) {
            if (error instanceof RuntimeException e) {
                throw FatalFailures.suppressRestartsIfFatal(e);
            }
            throw new IllegalStateException("Opening a snapshot epoch on the " + dialect.name() + " source failed: " + error.getMessage(), error);
        }
        SnapshotEpoch<M> opened = arrived.getAndSet(null);
        if (opened == null) {
            return;
        }
        if (closed || !wanted) {
            opened.close();
            return;
        }
        epoch = opened;
        lastEpochId++;
        current = new EpochEvent(lastEpochId, epoch.handle(), EncodedValue.encode(dialect.markerSerializer(), epoch.marker()));
        LOG.info("Opened snapshot epoch {}", lastEpochId);
        onOpened.accept(current);
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

    /** Closes the open epoch, or the one opening once it arrives: the snapshot needs none now. */
    void release() {
        wanted = false;
        if (epoch != null) {
            epoch.close();
            epoch = null;
        }
    }

    /** Closes the open epoch and the one opening, wherever it arrives; opens none after. */
    void close() {
        closed = true;
        release();
        closeArrived();
    }

    private void closeArrived() {
        SnapshotEpoch<M> opened = arrived.getAndSet(null);
        if (opened != null) {
            opened.close();
        }
    }
}
