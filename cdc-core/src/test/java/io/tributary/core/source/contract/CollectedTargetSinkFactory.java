package io.tributary.core.source.contract;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.SinkFactory;
import io.tributary.core.spi.SinkRecovery;
import io.tributary.core.spi.ValidationReport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Test sink {@code type: collect-target} for the source contract: collects the changes of tables
 * with any key (composite, text, binary) into the {@link CollectedTarget} named {@code name}, as a
 * two-phase target would — a checkpoint's changes are applied when it completes, so a crash
 * discards what no checkpoint covers.
 */
public final class CollectedTargetSinkFactory implements SinkFactory {
    static final ConfigOption<String> NAME = ConfigOptions.key("name").stringType().noDefaultValue().withDescription("target name");
    /** {@code converges}: the sink says replays converge (as an upserting sink does), so the source may stream during the snapshot. */
    static final ConfigOption<String> RECOVERY = ConfigOptions.key("recovery").stringType().defaultValue("rolls-back").withDescription("rolls-back or converges");
    static final ConfigOption<String> ROW_IDENTITY = ConfigOptions.key("row-identity").stringType().noDefaultValue()
            .withDescription("for tables without primary key: the column that identifies a row (all columns when absent)");
    private static final Map<String, CollectedTarget> TARGETS = new ConcurrentHashMap<>();
    private static final Map<Long, List<CollectedChange>> PREPARED = new ConcurrentHashMap<>();
    private static final AtomicLong BATCH_IDS = new AtomicLong();

    /** The target of that name, created empty on first use. */
    public static CollectedTarget target(String name) {
        return TARGETS.computeIfAbsent(name, n -> new CollectedTarget());
    }

    /** A key or value as the target compares it: byte arrays by content, lists element by element. */
    public static Object comparable(Object value) {
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(comparable(element)));
            return copy;
        }
        return value;
    }

    @Override
    public String identifier() {
        return "collect-target";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(NAME);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(ROW_IDENTITY, RECOVERY);
    }

    @Override
    public PipelineSink createSink(Configuration options, PipelineContext context) {
        return new CollectingSink(options.get(NAME), options.getOptional(ROW_IDENTITY).orElse(""),
                options.get(RECOVERY).equals("converges") ? SinkRecovery.REPLAY_CONVERGES : SinkRecovery.ROLLS_BACK);
    }

    private record CollectingSink(String name, String rowIdentity, SinkRecovery recovery) implements PipelineSink {
        @Override
        public ValidationReport validate() {
            return new ValidationReport("collect-target", List.of("collects into " + name));
        }

        @Override
        public Sink<Event> createFlinkSink() {
            return new TwoPhaseSink(name, rowIdentity);
        }

        @Override
        public SinkRecovery recovery() {
            return recovery;
        }
    }

    private record TwoPhaseSink(String name, String rowIdentity) implements Sink<Event>, SupportsCommitter<Long> {
        @Override
        public SinkWriter<Event> createWriter(WriterInitContext context) {
            return new CollectingWriter(target(name), rowIdentity);
        }

        @Override
        public Committer<Long> createCommitter(CommitterInitContext context) {
            CollectedTarget target = target(name);
            return new Committer<>() {
                @Override
                public void commit(Collection<CommitRequest<Long>> requests) {
                    for (CommitRequest<Long> request : requests) {
                        List<CollectedChange> changes = PREPARED.remove(request.getCommittable());
                        if (changes != null) {
                            changes.forEach(target::apply);
                        }
                    }
                    target.committed();
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

    /** Names each row's values with the columns of the schema this writer saw last for the table. */
    private static final class CollectingWriter implements CommittingSinkWriter<Event, Long> {
        private final CollectedTarget target;
        private final String rowIdentity;
        private final Map<TableId, TableSchema> schemas = new HashMap<>();
        private final List<CollectedChange> buffer = new ArrayList<>();

        CollectingWriter(CollectedTarget target, String rowIdentity) {
            this.rowIdentity = rowIdentity;
            this.target = target;
        }

        @Override
        public void write(Event event, Context context) throws InterruptedException {
            target.awaitUnlessHolding();
            if (event instanceof SchemaChangeEvent change) {
                schemas.put(change.tableId(), change.schemaAfter());
                buffer.add(CollectedChange.schema(change.tableId(), change.change()));
                return;
            }
            DataChangeEvent change = (DataChangeEvent) event;
            TableSchema schema = schemas.get(change.tableId());
            if (schema == null) {
                throw new IllegalStateException("a row of " + change.tableId() + " arrived before its schema: " + change);
            }
            List<Object> key = key(schema, change.keyRow());
            if (change.operation() == Operation.READ) {
                target.sawRead(change.tableId(), key);
            }
            buffer.add(new CollectedChange(change.tableId(), Optional.empty(), change.operation(), key,
                    change.before().map(before -> key(schema, before)), change.after().map(after -> named(schema, after))));
        }

        /** The primary key; for a table without one, the row-identity column, or every column. */
        private List<Object> key(TableSchema schema, Object[] row) {
            int[] indexes = schema.primaryKeyIndexes();
            if (indexes.length == 0) {
                indexes = schema.indexOf(rowIdentity).isPresent() ? new int[] {schema.indexOf(rowIdentity).getAsInt()}
                        : java.util.stream.IntStream.range(0, row.length).toArray();
            }
            List<Object> key = new ArrayList<>();
            for (int index : indexes) {
                key.add(comparable(row[index]));
            }
            return List.copyOf(key);
        }

        private static Map<String, Object> named(TableSchema schema, Object[] row) {
            if (row.length != schema.columns().size()) {
                throw new IllegalStateException("a row of " + row.length + " values for the columns " + schema.columnNames());
            }
            Map<String, Object> named = new LinkedHashMap<>();
            for (int i = 0; i < row.length; i++) {
                named.put(schema.columns().get(i).name(), row[i]);
            }
            return named;
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
    }
}
