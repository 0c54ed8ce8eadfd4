package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's offset as the source owns it: the offset the engine starts from (the hand-off seed
 * on a first start, the offset restored from a checkpoint later) and the last offset the engine
 * flushed. {@link OwnedOffsetBackingStore} reads the first and reports the second; the engine's
 * threads and the source's thread may use it at once.
 */
public final class StreamOffsets {
    private final Optional<EngineOffset> start;
    private final AtomicReference<EngineOffset> lastFlushed = new AtomicReference<>();

    /** Offsets that start the engine at {@code start}, or with no offset when it is empty. */
    public StreamOffsets(Optional<EngineOffset> start) {
        this.start = requireNonNull(start, "start is null");
    }

    /** The offset the engine starts from. */
    public Optional<EngineOffset> start() {
        return start;
    }

    /** The offset the engine flushed last, or the start offset when it has flushed none yet. */
    public Optional<EngineOffset> current() {
        return Optional.ofNullable(lastFlushed.get()).or(() -> start);
    }

    /** The offset the engine flushed last; empty until it flushes one. */
    public Optional<EngineOffset> lastFlushed() {
        return Optional.ofNullable(lastFlushed.get());
    }

    void flushed(EngineOffset offset) {
        lastFlushed.set(requireNonNull(offset, "offset is null"));
    }
}
