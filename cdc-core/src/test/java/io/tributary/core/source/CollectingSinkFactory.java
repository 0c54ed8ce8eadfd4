package io.tributary.core.source;

import io.tributary.core.metrics.SinkMetrics;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.SinkFactory;
import io.tributary.core.spi.ValidationReport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Test sink {@code type: collect}: applies row changes of the in-memory table to a map kept per
 * {@code name}, and counts snapshot reads per key so tests can prove no row is read twice.
 */
public final class CollectingSinkFactory implements SinkFactory {
    static final ConfigOption<String> NAME = ConfigOptions.key("name").stringType().noDefaultValue().withDescription("collection name");

    /** What a named collection received. */
    static final class Collected {
        final TreeMap<Long, Long> rows = new TreeMap<>();
        final Map<Long, Integer> readsPerKey = new TreeMap<>();
        final AtomicLong changes = new AtomicLong();
        final AtomicLong schemaEvents = new AtomicLong();

        synchronized TreeMap<Long, Long> rows() {
            return new TreeMap<>(rows);
        }

        synchronized int maxReadsOfOneKey() {
            return readsPerKey.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        synchronized int keysRead() {
            return readsPerKey.size();
        }

        synchronized void apply(DataChangeEvent event) {
            Object[] row = event.keyRow();
            long id = (Long) row[0];
            if (event.operation() == Operation.READ) {
                readsPerKey.merge(id, 1, Integer::sum);
            } else {
                changes.incrementAndGet();
            }
            if (event.operation() == Operation.DELETE) {
                rows.remove(id);
            } else {
                rows.put(id, (Long) event.after().orElseThrow()[1]);
            }
        }
    }

    static final Map<String, Collected> COLLECTIONS = new ConcurrentHashMap<>();

    @Override
    public String identifier() {
        return "collect";
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
        String name = options.get(NAME);
        return new CollectingSink(name);
    }

    private record CollectingSink(String name) implements PipelineSink {
        @Override
        public ValidationReport validate() {
            return new ValidationReport("collect", List.of("collects into " + name));
        }

        @Override
        public Sink<Event> createFlinkSink() {
            String collection = name;
            return (Sink<Event>) (WriterInitContext context) -> new SinkWriter<Event>() {
                private final SinkMetrics metrics = new SinkMetrics(context.metricGroup());

                @Override
                public void write(Event event, Context writeContext) {
                    Collected collected = COLLECTIONS.computeIfAbsent(collection, n -> new Collected());
                    if (event instanceof DataChangeEvent change) {
                        collected.apply(change);
                        metrics.accepted(change);
                    } else {
                        collected.schemaEvents.incrementAndGet();
                    }
                }

                @Override
                public void flush(boolean endOfInput) {
                    // what was collected before the barrier is as good as committed
                    metrics.committed();
                }

                @Override
                public void close() {}
            };
        }
    }
}
