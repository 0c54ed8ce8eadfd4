package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The parsed options of one Kafka sink, as shipped to its writers.
 *
 * @param clientProperties every {@code properties.*} key without the prefix, including {@code bootstrap.servers}
 * @param valueFormat encoding of record values
 * @param deliveryGuarantee exactly-once or at-least-once
 * @param partitionStrategy how records are spread over partitions
 * @param topics the table-to-topic routing
 * @param tombstonesOnDelete whether deletes are followed by a tombstone
 * @param includeSchemaChanges whether schema changes are written to {@code schemaChangesTopic}
 * @param schemaChangesTopic topic of the schema-change events
 * @param transactionalIdPrefix prefix of the producers' transactional ids
 * @param topicPartitions partitions of created topics
 * @param topicReplicationFactor replication factor of created topics
 * @param connectTimeout how long admin operations wait for the brokers
 */
public record KafkaSinkConfig(
        Map<String, String> clientProperties,
        ValueFormat valueFormat,
        DeliveryGuarantee deliveryGuarantee,
        PartitionStrategy partitionStrategy,
        TopicRouter topics,
        boolean tombstonesOnDelete,
        boolean includeSchemaChanges,
        String schemaChangesTopic,
        String transactionalIdPrefix,
        int topicPartitions,
        short topicReplicationFactor,
        Duration connectTimeout)
        implements Serializable {

    /** Producer transaction timeout used unless the user sets one: the brokers' default maximum (15 min). */
    static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "900000";

    public KafkaSinkConfig {
        clientProperties = Map.copyOf(requireNonNull(clientProperties, "clientProperties is null"));
        requireNonNull(valueFormat, "valueFormat is null");
        requireNonNull(deliveryGuarantee, "deliveryGuarantee is null");
        requireNonNull(partitionStrategy, "partitionStrategy is null");
        requireNonNull(topics, "topics is null");
        requireNonNull(schemaChangesTopic, "schemaChangesTopic is null");
        requireNonNull(transactionalIdPrefix, "transactionalIdPrefix is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        if (!clientProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("clientProperties lacks bootstrap.servers");
        }
        if (topicPartitions < 1) {
            throw new IllegalArgumentException("topicPartitions must be at least 1, was " + topicPartitions);
        }
        if (topicReplicationFactor < 1) {
            throw new IllegalArgumentException("topicReplicationFactor must be at least 1, was " + topicReplicationFactor);
        }
    }

    public String bootstrapServers() {
        return clientProperties.get("bootstrap.servers");
    }

    /** Properties for the producer: the user's, plus a transaction timeout the brokers accept by default. */
    public Properties producerProperties() {
        Properties properties = new Properties();
        properties.put("transaction.timeout.ms", DEFAULT_TRANSACTION_TIMEOUT_MS);
        properties.putAll(clientProperties);
        return properties;
    }

    /** Properties for an admin client with the given timeout. */
    public Properties adminProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        String timeout = String.valueOf(connectTimeout.toMillis());
        properties.put("request.timeout.ms", timeout);
        properties.put("default.api.timeout.ms", timeout);
        return properties;
    }

    /** The producer's {@code max.request.size}: the largest record the sink may send. */
    public int maxRequestSize() {
        return Integer.parseInt(clientProperties.getOrDefault("max.request.size", "1048576").trim());
    }

    /** The producer's transaction timeout in milliseconds. */
    public long transactionTimeoutMillis() {
        return Long.parseLong(producerProperties().getProperty("transaction.timeout.ms").trim());
    }

    /** Never prints client properties, which may hold credentials (sasl.jaas.config). */
    @Override
    public String toString() {
        return "KafkaSinkConfig[bootstrap.servers=" + bootstrapServers() + ", valueFormat=" + valueFormat + ", deliveryGuarantee="
                + deliveryGuarantee + ", partitionStrategy=" + partitionStrategy + ", transactionalIdPrefix=" + transactionalIdPrefix + "]";
    }
}
