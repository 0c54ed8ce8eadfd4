package io.tributary.source.oracle.stream;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * The engine's {@code offset.storage}: an in-memory store that starts with the offset of the
 * {@link StreamOffsets} named by {@value #HANDLE_PROPERTY} and reports every offset the engine
 * flushes back to it, so the source keeps offsets in Flink state and nothing in files or topics.
 * The engine creates one by class name each time it starts, so the offset reaches it through
 * {@link #OWNERS}.
 */
public class OwnedOffsetBackingStore extends MemoryOffsetBackingStore {
    /** The engine property naming the registered {@link StreamOffsets}. */
    public static final String HANDLE_PROPERTY = "tributary.offset.handle";

    /** Where sources register their offsets before starting an engine (and remove them after it stops). */
    public static final HandleRegistry<StreamOffsets> OWNERS = new HandleRegistry<>("offset owner");

    /** The Oracle connector's one source partition: {@code {"server": topic.prefix}} ({@code OraclePartition}). */
    static final String PARTITION_KEY = "server";

    private final JsonConverter keyConverter = converter(true);
    private final JsonConverter valueConverter = converter(false);
    private StreamOffsets owner;
    private String engineName;
    private Map<String, String> partition;

    /** Called by the engine, which creates the store by class name. */
    public OwnedOffsetBackingStore() {}

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        owner = OWNERS.lookup(required(config, HANDLE_PROPERTY));
        engineName = required(config, "name");
        partition = Map.of(PARTITION_KEY, required(config, "topic.prefix"));
        // The entry OffsetStorageWriter would have written: key [engine name, partition], both JSON without schemas.
        owner.start().ifPresent(offset -> data.put(ByteBuffer.wrap(keyConverter.fromConnectData(engineName, null, List.of(engineName, partition))),
                ByteBuffer.wrap(valueConverter.fromConnectData(engineName, null, offset.values()))));
    }

    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        values.forEach((key, value) -> {
            if (value != null && isOurPartition(key)) {
                owner.flushed(EngineOffset.of(asMap(valueConverter.toConnectData(engineName, bytes(value)).value())));
            }
        });
        return super.set(values, callback);
    }

    /** Not asked by the embedded engine, which runs one connector with one partition. */
    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private boolean isOurPartition(ByteBuffer key) {
        return keyConverter.toConnectData(engineName, bytes(key)).value() instanceof List<?> parts && parts.size() == 2
                && engineName.equals(parts.get(0)) && partition.equals(parts.get(1));
    }

    private static Map<String, ?> asMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalStateException("The engine flushed an offset that is not a JSON object: " + value);
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> offset = (Map<String, ?>) map;
        return offset;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static String required(WorkerConfig config, String key) {
        Object value = config.originals().get(key);
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(key, value, OwnedOffsetBackingStore.class.getSimpleName() + " needs engine property " + key);
        }
        return value.toString();
    }

    private static JsonConverter converter(boolean forKeys) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), forKeys);
        return converter;
    }
}
