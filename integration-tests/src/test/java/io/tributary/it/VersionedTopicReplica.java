package io.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a downstream consumer would build: reads a topic of debezium-json changes of a
 * {@link VersionedWorkload} table with {@code isolation.level=read_committed}, applies them to an
 * in-memory copy of the table, and records every change that breaks a key's history: a snapshot
 * row or insert for a key already seen, an update whose version is not the previous one plus one,
 * a delete of another version than the last, anything after a delete but its one tombstone, a
 * streamed change without its position ({@code source.lsn}, {@code source.txId}).
 */
final class VersionedTopicReplica implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_VIOLATIONS = 20;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Map<Long, KeyHistory> keys = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> nonRepeats = new ArrayList<>();
    private long changes;
    private long duplicates;
    private long violationCount;
    private List<TopicPartition> partitions = List.of();
    private final List<String> positionFields;
    private boolean snapshotAgain;
    private final Set<Long> readAgain = new HashSet<>();

    /** A replica of a PostgreSQL table's topic: streamed changes carry {@code lsn} and {@code txId}. */
    VersionedTopicReplica(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, List.of("lsn", "txId"));
    }

    /** A replica whose streamed changes must carry these {@code source} fields. */
    VersionedTopicReplica(String bootstrapServers, String topic, List<String> positionFields) {
        this.positionFields = List.copyOf(positionFields);
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("auto.offset.reset", "earliest");
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /** Reads everything committed up to now (the last stable offsets when called). */
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

    /**
     * A re-snapshot was asked for: from now on each key may get one snapshot row ({@code r}) again,
     * of the version this replica holds or a later one, and the changes made since the request then
     * follow it, each once and in order (their versions continue from the one held before the
     * row); a row inserted since may show its snapshot row before its insert. Anything else keeps
     * its rules. Returns the keys held now.
     */
    Set<Long> expectSnapshotAgain() {
        Set<Long> held = new HashSet<>();
        keys.forEach((id, history) -> {
            if (!history.deleted) {
                held.add(id);
            }
        });
        snapshotAgain = true;
        return Collections.unmodifiableSet(held);
    }

    /** The keys that got a snapshot row again after {@link #expectSnapshotAgain()}. */
    Set<Long> readAgain() {
        return Collections.unmodifiableSet(readAgain);
    }

    /** The rebuilt table: id → "version|balance|note". */
    Map<Long, String> rows() {
        Map<Long, String> rows = new TreeMap<>();
        keys.forEach((id, history) -> {
            if (!history.deleted) {
                rows.put(id, history.row);
            }
        });
        return rows;
    }

    List<String> violations() {
        return Collections.unmodifiableList(violations);
    }

    /** The first violations that are not repeats: lost, reordered or invented changes. */
    List<String> nonRepeats() {
        return Collections.unmodifiableList(nonRepeats);
    }

    /** How many changes broke a key's history (only the first few are described in {@link #violations()}). */
    long violationCount() {
        return violationCount;
    }

    /**
     * Changes that repeated one already applied, or updated or deleted a row never delivered (a
     * subset of the violations): what a source that streams some changes again after a restart
     * produces.
     */
    long duplicates() {
        return duplicates;
    }

    long changes() {
        return changes;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            long id = MAPPER.readTree(record.key()).get("id").asLong();
            KeyHistory history = keys.get(id);
            if (record.value() == null) {
                if (history == null || !history.deleted || history.tombstoned) {
                    violation(id, "a tombstone that does not follow its delete", history != null && history.tombstoned);
                } else {
                    history.tombstoned = true;
                }
                return;
            }
            changes++;
            JsonNode value = MAPPER.readTree(record.value());
            String op = value.get("op").asText();
            JsonNode source = value.get("source");
            if (!op.equals("r") && !positionFields.stream().allMatch(field -> source.hasNonNull(field))) {
                violation(id, "'" + op + "' without the source's " + positionFields + ": " + source, false);
            }
            JsonNode image = op.equals("d") ? value.get("before") : value.get("after");
            long version = image.get("version").asLong();
            String row = version + "|" + image.get("balance").asText() + "|" + image.get("note").asText();
            if (op.equals("r") && snapshotAgain && history == null) {
                // A row inserted after the request and before its chunk was read again: its insert follows.
                KeyHistory unseen = new KeyHistory(-1, row);
                unseen.readAgainBeforeInsert = true;
                keys.put(id, unseen);
                readAgain.add(id);
                return;
            }
            if (op.equals("r") && snapshotAgain && !history.deleted && version >= history.version && readAgain.add(id)) {
                // The changes made since the request follow the snapshot row, each once, in order.
                history.row = row;
                return;
            }
            if (history != null && (history.deleted || version < history.version || (version == history.version && !op.equals("d")))) {
                violation(id, "'" + op + "' of version " + version + " after " + describe(history) + " (a repeat)", true);
                return;
            }
            switch (op) {
                case "r", "c" -> {
                    if (history != null && !(op.equals("c") && history.readAgainBeforeInsert && history.version == -1)) {
                        violation(id, "'" + op + "' of version " + version + " after " + describe(history), false);
                    } else if (op.equals("c") && version != 0) {
                        violation(id, "inserted with version " + version, false);
                    } else {
                        keys.put(id, new KeyHistory(version, row));
                    }
                }
                case "u" -> {
                    if (history == null) {
                        // Updating a row this consumer never received: an update streamed again after
                        // a restart for a row that the newer snapshot no longer had.
                        violation(id, "update to version " + version + " of a row never delivered (a repeat)", true);
                        keys.put(id, new KeyHistory(version, row));
                    } else if (version != history.version + 1) {
                        violation(id, "update to version " + version + " after " + describe(history) + " (a gap)", false);
                    } else {
                        history.version = version;
                        history.row = row;
                    }
                }
                case "d" -> {
                    if (history == null) {
                        // Deleting a row this consumer never received: a delete streamed again after
                        // a restart for a row that the newer snapshot no longer had.
                        violation(id, "delete of version " + version + " of a row never delivered (a repeat)", true);
                        KeyHistory gone = new KeyHistory(version, row);
                        gone.deleted = true;
                        keys.put(id, gone);
                    } else if (version != history.version) {
                        violation(id, "delete of version " + version + " after " + describe(history) + " (a gap)", false);
                    } else {
                        history.deleted = true;
                    }
                }
                default -> violation(id, "unknown op " + op, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(KeyHistory history) {
        return history == null ? "nothing" : history.deleted ? "its delete" : "version " + history.version;
    }

    private void violation(long id, String what, boolean duplicate) {
        violationCount++;
        if (duplicate) {
            duplicates++;
        } else if (nonRepeats.size() < MAX_VIOLATIONS) {
            nonRepeats.add("key " + id + ": " + what);
        }
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add("key " + id + ": " + what);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    private static final class KeyHistory {
        long version;
        String row;
        boolean deleted;
        boolean tombstoned;
        /** Known only from a snapshot row read again before its insert arrived. */
        boolean readAgainBeforeInsert;

        KeyHistory(long version, String row) {
            this.version = version;
            this.row = row;
        }
    }
}
