package io.tributary.core.spi;

/**
 * What a sink's target holds after a crash, which decides how exactly a source must resume: a
 * source never sends a change twice to a sink that rolls back, and may send changes again to one
 * where replaying converges.
 */
public enum SinkRecovery {
    /**
     * Writes made after the last completed checkpoint may remain in the target (idempotent upserts,
     * at-least-once delivery). A source resends whatever it cannot prove delivered; applying it
     * again brings every key to its latest value.
     */
    REPLAY_CONVERGES,

    /**
     * Nothing written after the last completed checkpoint is ever visible (two-phase commit). A
     * source must emit each change exactly once, as of the exact view each snapshot chunk was read
     * under.
     */
    ROLLS_BACK
}
