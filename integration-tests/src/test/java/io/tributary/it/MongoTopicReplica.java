package io.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.BsonDocument;

/**
 * What a downstream consumer of a MongoDB collection's topic builds: reads the Debezium MongoDB
 * envelopes of a {@link MongoVersionedWorkload} collection with {@code isolation.level=read_committed},
 * applies them to an in-memory copy, and records every change that breaks what the source promises.
 *
 * <p>Inserts and deletes are exact. An update carries the document looked up when the change was
 * read ({@code updateLookup}, the in-build server has no post-images), which may already hold later
 * updates; so per key the versions must never go down, a version may repeat only on an update
 * (the lookup already showed it), and the i-th update after an insert must show at least version
 * {@code 1 + i} (more update events than updates is a repeat). Whether an update event was lost is
 * checked at the end by counting ({@link #updateCountMismatches}).
 *
 * <p>Each value must be Debezium's MongoDB envelope: {@code after} Extended JSON text whose
 * {@code _id} is the key, {@code source} with {@code db}, {@code collection}, {@code ts_ms}, and
 * {@code ord} on every change read from the change stream.
 */
final class MongoTopicReplica implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_VIOLATIONS = 20;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final String database;
    private final String collection;
    private final Map<Integer, KeyHistory> keys = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long violationCount;
    private long changes;
    private long lookupRepeats;
    private List<TopicPartition> partitions = List.of();

    MongoTopicReplica(String bootstrapServers, String topic, String database, String collection) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("auto.offset.reset", "earliest");
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.database = database;
        this.collection = collection;
    }

    /** Reads everything committed up to now. */
    void catchUp() {
        if (partitions.isEmpty()) {
            List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
            if (infos == null) {
                return; // the sink has not created the topic yet
            }
            partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Could not read " + topic + " up to " + ends + " within 60 s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(this::apply);
        }
    }

    /** The rebuilt collection: id → version. */
    Map<Integer, Integer> versions() {
        Map<Integer, Integer> versions = new TreeMap<>();
        keys.forEach((id, history) -> {
            if (!history.deleted) {
                versions.put(id, history.version);
            }
        });
        return versions;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long violationCount() {
        return violationCount;
    }

    long changes() {
        return changes;
    }

    /** Update events that showed the version the key already had: the lookup of an earlier one had shown it. */
    long lookupRepeats() {
        return lookupRepeats;
    }

    /**
     * Keys whose update events do not match the updates made: more events than updates for any key,
     * or, for a key inserted while streaming and never deleted, any other number (its every update
     * found the document, so each must have arrived exactly once).
     */
    List<String> updateCountMismatches(IntUnaryOperator updatesMade) {
        List<String> mismatches = new ArrayList<>();
        keys.forEach((id, history) -> {
            int made = updatesMade.applyAsInt(id);
            boolean exact = history.inserted && !history.deleted;
            if (history.updates > made || (exact && history.updates != made)) {
                mismatches.add("key " + id + ": " + history.updates + " update events for " + made + " updates"
                        + (history.inserted ? " (inserted while streaming" + (history.deleted ? ", deleted)" : ")") : ""));
            }
        });
        return mismatches.subList(0, Math.min(MAX_VIOLATIONS, mismatches.size()));
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            int id = MAPPER.readTree(record.key()).get("_id").asInt();
            KeyHistory history = keys.get(id);
            if (record.value() == null) {
                if (history == null || !history.deleted || history.tombstoned) {
                    violation(id, "a tombstone that does not follow its delete");
                } else {
                    history.tombstoned = true;
                }
                return;
            }
            changes++;
            JsonNode value = MAPPER.readTree(record.value());
            String op = value.get("op").asText();
            checkSource(id, op, value.get("source"));
            if (op.equals("d")) {
                if (history == null || history.deleted) {
                    violation(id, "delete after " + describe(history));
                } else {
                    history.deleted = true;
                }
                return;
            }
            int version = version(id, value.get("after"));
            switch (op) {
                case "r", "c" -> {
                    if (history != null) {
                        violation(id, "'" + op + "' of version " + version + " after " + describe(history));
                    } else if (op.equals("c") && version != 1) {
                        violation(id, "inserted with version " + version);
                    } else {
                        keys.put(id, new KeyHistory(version, op.equals("c")));
                    }
                }
                case "u" -> update(id, history, version);
                default -> violation(id, "unknown op " + op);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void update(int id, KeyHistory history, int version) {
        if (history == null || history.deleted) {
            violation(id, "update to version " + version + " after " + describe(history));
            return;
        }
        history.updates++;
        if (version < history.version) {
            violation(id, "update to version " + version + " after " + describe(history) + " (went back)");
        } else if (history.inserted && version < 1 + history.updates) {
            violation(id, "update event " + history.updates + " after its insert shows version " + version + " (more events than updates: a repeat)");
        }
        if (version == history.version) {
            lookupRepeats++;
        }
        history.version = version;
    }

    /** The version in {@code after}, which must be Extended JSON text of a document with the key's {@code _id}. */
    private int version(int id, JsonNode after) {
        if (after == null || !after.isTextual()) {
            violation(id, "after is not Extended JSON text: " + after);
            return -1;
        }
        BsonDocument document = BsonDocument.parse(after.asText());
        if (!document.isInt32("_id") || document.getInt32("_id").getValue() != id || !document.isInt32("version")) {
            violation(id, "after does not hold the document of the key: " + after.asText());
            return -1;
        }
        return document.getInt32("version").getValue();
    }

    private void checkSource(int id, String op, JsonNode source) {
        boolean named = source.path("db").asText().equals(database) && source.path("collection").asText().equals(collection)
                && source.path("ts_ms").isIntegralNumber() && !source.has("table");
        boolean positioned = op.equals("r") ? source.path("snapshot").asText().equals("true")
                : source.path("ord").isIntegralNumber() && source.path("snapshot").asText().equals("false");
        if (!named || !positioned) {
            violation(id, "'" + op + "' with a source block unlike Debezium's MongoDB one: " + source);
        }
    }

    private static String describe(KeyHistory history) {
        return history == null ? "nothing" : history.deleted ? "its delete" : "version " + history.version;
    }

    private void violation(int id, String what) {
        violationCount++;
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add("key " + id + ": " + what);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    private static final class KeyHistory {
        final boolean inserted;
        int version;
        int updates;
        boolean deleted;
        boolean tombstoned;

        KeyHistory(int version, boolean inserted) {
            this.version = version;
            this.inserted = inserted;
        }
    }
}
