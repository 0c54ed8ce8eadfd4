package io.tributary.core.testing;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.SinkRecovery;
import io.tributary.core.spi.SinkFactory;
import io.tributary.core.spi.ValidationReport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Test sink {@code type: collect-rows}: applies the changes of single-integer-key tables to an
 * in-memory copy per {@code name} when the checkpoint holding them completes (like a two-phase
 * target, so a crash discards what no checkpoint covers), and counts snapshot reads per key.
 */
public final class RowCollectingSinkFactory implements SinkFactory {
    static final ConfigOption<String> NAME = ConfigOptions.key("name").stringType().noDefaultValue().withDescription("collection name");
    public static final Map<String, Target> TARGETS = new ConcurrentHashMap<>();
    /** Stands for a delete in {@link Target#secondColumnHistory()}. */
    public static final String DELETED = "(deleted)";

    /** What one collection holds: rows by key, and how often the snapshot read each key. */
    public static final class Target {
        private final TreeMap<Integer, List<Object>> rows = new TreeMap<>();
        private final Map<Integer, Integer> reads = new HashMap<>();
        private final Map<Integer, List<Object>> histories = new HashMap<>();

        synchronized void apply(Event event) {
            if (event instanceof SchemaChangeEvent schema && schema.change() instanceof SchemaChange.TruncateTable) {
                rows.clear();
            } else if (event instanceof DataChangeEvent change) {
                if (change.operation() == Operation.READ) {
                    reads.merge((Integer) change.keyRow()[0], 1, Integer::sum);
                }
                change.before().ifPresent(before -> rows.remove((Integer) before[0]));
                change.after().ifPresent(after -> rows.put((Integer) after[0], Arrays.asList(after)));
                Object[] image = change.after().orElseGet(() -> change.before().get());
                histories.computeIfAbsent((Integer) image[0], k -> new ArrayList<>()).add(change.after().isPresent() ? image[1] : DELETED);
            }
        }

        public synchronized TreeMap<Integer, List<Object>> rows() {
            return new TreeMap<>(rows);
        }

        /**
         * Per key, the second column's value after each applied change, in order ({@link #DELETED}
         * for a delete): with a version column, what a log consumer would have seen.
         */
        public synchronized Map<Integer, List<Object>> secondColumnHistory() {
            Map<Integer, List<Object>> copy = new HashMap<>();
            histories.forEach((key, values) -> copy.put(key, List.copyOf(values)));
            return copy;
        }

        public synchronized int maxReadsOfOneKey() {
            return reads.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    @Override
    public String identifier() {
        return "collect-rows";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(NAME);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public PipelineSink createSink(Configuration options, PipelineContext context) {
        return new CollectingSink(options.get(NAME));
    }

    /** Buffers events per checkpoint and applies them only when the checkpoint completes, as a two-phase target would. */
    private record CollectingSink(String name) implements PipelineSink {
        @Override
        public ValidationReport validate() {
            return new ValidationReport("collect-rows", List.of("collects into " + name));
        }

        @Override
        public Sink<Event> createFlinkSink() {
            return new TransactionalSink(name);
        }

        @Override
        public SinkRecovery recovery() {
            return SinkRecovery.ROLLS_BACK;
        }
    }

    private static final Map<Long, List<Event>> PREPARED = new ConcurrentHashMap<>();
    private static final AtomicLong BATCH_IDS = new AtomicLong();

    private record TransactionalSink(String collection) implements Sink<Event>, SupportsCommitter<Long> {
        @Override
        public SinkWriter<Event> createWriter(WriterInitContext context) {
            return new CommittingSinkWriter<Event, Long>() {
                private final List<Event> buffer = new ArrayList<>();

                @Override
                public void write(Event event, Context writeContext) {
                    buffer.add(event);
                }

                @Override
                public Collection<Long> prepareCommit() {
                    long id = BATCH_IDS.incrementAndGet();
                    PREPARED.put(id, new ArrayList<>(buffer));
                    buffer.clear();
                    return List.of(id);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }

        @Override
        public Committer<Long> createCommitter(CommitterInitContext context) {
            String name = collection;
            return new Committer<>() {
                @Override
                public void commit(Collection<CommitRequest<Long>> requests) {
                    Target target = TARGETS.computeIfAbsent(name, n -> new Target());
                    for (CommitRequest<Long> request : requests) {
                        List<Event> events = PREPARED.remove(request.getCommittable());
                        if (events != null) {
                            events.forEach(target::apply);
                        }
                    }
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public SimpleVersionedSerializer<Long> getCommittableSerializer() {
            return new SimpleVersionedSerializer<>() {
                @Override
                public int getVersion() {
                    return 1;
                }

                @Override
                public byte[] serialize(Long id) {
                    return ByteBuffer.allocate(8).putLong(id).array();
                }

                @Override
                public Long deserialize(int version, byte[] serialized) {
                    return ByteBuffer.wrap(serialized).getLong();
                }
            };
        }
    }
}
