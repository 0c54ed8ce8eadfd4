package io.tributary.core.source.enumerator;

import io.tributary.core.source.split.CdcSplit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * A split enumerator's context that records what the enumerator does and runs its
 * {@code callAsync} work only when the test says so: the callable (the "worker thread" part) and
 * the handler (the "coordinator thread" part) separately, so tests can act while work is in flight;
 * periodic calls run one period each time the test says so.
 */
public final class FakeEnumeratorContext implements SplitEnumeratorContext<CdcSplit> {
    /** One {@code callAsync}: its callable runs in {@link #work()}, its handler in {@link #deliver()}. */
    public static final class AsyncCall<T> {
        private final Callable<T> callable;
        private final BiConsumer<T, Throwable> handler;
        private T result;
        private Throwable error;

        private AsyncCall(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            this.callable = callable;
            this.handler = handler;
        }

        public AsyncCall<T> work() {
            try {
                result = callable.call();
            } catch (Throwable t) {
                error = t;
            }
            return this;
        }

        public void deliver() {
            handler.accept(result, error);
        }
    }

    /** A split handed to a reader. */
    public record Assignment(int reader, CdcSplit split) {}

    /** An event sent to a reader. */
    public record SentEvent(int reader, SourceEvent event) {}

    private final int parallelism;
    private final Map<Integer, ReaderInfo> readers = new TreeMap<>();
    private final Deque<AsyncCall<?>> calls = new ArrayDeque<>();
    private final List<Runnable> periodic = new ArrayList<>();
    private final List<Assignment> assignments = new ArrayList<>();
    private final List<SentEvent> events = new ArrayList<>();
    private final Set<Integer> noMoreSplits = new HashSet<>();

    public FakeEnumeratorContext(int parallelism) {
        this.parallelism = parallelism;
    }

    public void registerReader(int subtask) {
        readers.put(subtask, new ReaderInfo(subtask, "localhost"));
    }

    public void unregisterReader(int subtask) {
        readers.remove(subtask);
    }

    /** The oldest background call not yet run, or null. */
    public AsyncCall<?> nextCall() {
        return calls.poll();
    }

    public int callsInFlight() {
        return calls.size();
    }

    /** Runs background calls and their handlers, including calls the handlers start, until none is left. */
    public void runAsyncWork() {
        AsyncCall<?> call;
        while ((call = calls.poll()) != null) {
            call.work().deliver();
        }
    }

    public List<Assignment> assignments() {
        return assignments;
    }

    public List<SentEvent> events() {
        return events;
    }

    public Set<Integer> readersWithoutMoreSplits() {
        return noMoreSplits;
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
        return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
        events.add(new SentEvent(subtaskId, event));
    }

    @Override
    public int currentParallelism() {
        return parallelism;
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
        return Collections.unmodifiableMap(new TreeMap<>(readers));
    }

    @Override
    public void assignSplits(SplitsAssignment<CdcSplit> assignment) {
        assignment.assignment().forEach((reader, splits) -> splits.forEach(split -> assignments.add(new Assignment(reader, split))));
    }

    @Override
    public void signalNoMoreSplits(int subtask) {
        noMoreSplits.add(subtask);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
        calls.add(new AsyncCall<>(callable, handler));
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelayMillis, long periodMillis) {
        periodic.add(() -> new AsyncCall<>(callable, handler).work().deliver());
    }

    /** One period of every periodic call: each runs its callable and handler once. */
    public void runPeriodicCalls() {
        periodic.forEach(Runnable::run);
    }

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
        runnable.run();
    }
}
