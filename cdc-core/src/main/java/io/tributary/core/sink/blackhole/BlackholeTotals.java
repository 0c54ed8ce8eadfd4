package io.tributary.core.sink.blackhole;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide totals of every blackhole writer in this JVM. They mean something only on the
 * embedded runtime, where all subtasks share the process; the benchmark command reads them. On a
 * cluster, use the writers' Flink metrics instead.
 */
public final class BlackholeTotals {
    private static final LongAdder READS = new LongAdder();
    private static final LongAdder INSERTS = new LongAdder();
    private static final LongAdder UPDATES = new LongAdder();
    private static final LongAdder DELETES = new LongAdder();

    private BlackholeTotals() {}

    public static long reads() {
        return READS.sum();
    }

    public static long inserts() {
        return INSERTS.sum();
    }

    public static long updates() {
        return UPDATES.sum();
    }

    public static long deletes() {
        return DELETES.sum();
    }

    /** Sets every total back to zero (between benchmark runs). */
    public static void reset() {
        READS.reset();
        INSERTS.reset();
        UPDATES.reset();
        DELETES.reset();
    }

    static void countRead() {
        READS.increment();
    }

    static void countInsert() {
        INSERTS.increment();
    }

    static void countUpdate() {
        UPDATES.increment();
    }

    static void countDelete() {
        DELETES.increment();
    }
}
