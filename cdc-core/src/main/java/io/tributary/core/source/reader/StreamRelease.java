package io.tributary.core.source.reader;

import io.tributary.core.source.event.StreamReleaseEvent;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the stream may be read, shared between the reader's main thread and its fetcher thread.
 * A stream split handed out by the enumerator is read at once. One restored from a checkpoint
 * waits for the enumerator's {@link StreamReleaseEvent}: tables may have joined the pipeline since
 * (the file's {@code tables} widened), and their snapshot must be durable before the stream
 * reads their changes; tables may have left it, and the stream must not read theirs.
 */
final class StreamRelease {
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean required;
    private volatile StreamReleaseEvent event;

    /** The stream split was restored: it waits for the release. Called before the fetcher sees the split. */
    void require() {
        required = true;
    }

    /** Records the release; false if one was recorded before (the enumerator sends one per restore). */
    synchronized boolean release(StreamReleaseEvent release) {
        if (event != null) {
            return false;
        }
        event = release;
        released.countDown();
        return true;
    }

    /** Whether the stream may be read now. */
    boolean mayRead() {
        return !required || released.getCount() == 0;
    }

    /**
     * Whether the stream may be read, waiting at most {@code millis} for the release.
     *
     * @return empty while held; else the release, if one was needed
     */
    Optional<Optional<StreamReleaseEvent>> await(long millis) throws InterruptedException {
        if (!required) {
            return Optional.of(Optional.empty());
        }
        if (!released.await(millis, TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(event));
    }
}
