package io.tributary.core.source.reader;

import io.tributary.core.source.event.EpochEvent;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The snapshot epoch the enumerator announced last, shared between the reader's main thread
 * (which receives it) and its fetcher thread (which reads chunks under it).
 */
final class EpochHolder {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition announced = lock.newCondition();
    private EpochEvent current;

    void set(EpochEvent epoch) {
        lock.lock();
        try {
            if (current == null || epoch.epochId() >= current.epochId()) {
                current = epoch;
            }
            announced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The current epoch, waiting at most {@code millis} for the first announcement. */
    Optional<EpochEvent> await(long millis) throws InterruptedException {
        lock.lock();
        try {
            if (current == null) {
                announced.await(millis, TimeUnit.MILLISECONDS);
            }
            return Optional.ofNullable(current);
        } finally {
            lock.unlock();
        }
    }
}
