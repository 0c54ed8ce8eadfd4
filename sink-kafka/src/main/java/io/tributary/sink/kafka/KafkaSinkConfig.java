package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The parsed options of one Kafka sink, as shipped to its writers. Built with {@link #builder()},
 * whose defaults are those of {@link KafkaSinkOptions}; the client properties (with
 * {@code bootstrap.servers}), the schema-changes topic and the transactional id prefix have none.
 */
public final class KafkaSinkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Producer transaction timeout used unless the user sets one: the brokers' default maximum (15 min). */
    static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "900000";

    private final Map<String, String> clientProperties;
    private final ValueFormat valueFormat;
    private final RecordLayout recordLayout;
    private final DeliveryGuarantee deliveryGuarantee;
    private final PartitionStrategy partitionStrategy;
    private final TopicRouter topics;
    private final boolean tombstonesOnDelete;
    private final boolean includeSchemaChanges;
    private final String schemaChangesTopic;
    private final String transactionalIdPrefix;
    private final int topicPartitions;
    private final short topicReplicationFactor;
    private final Duration connectTimeout;

    private KafkaSinkConfig(Builder builder) {
        this.clientProperties = Map.copyOf(requireNonNull(builder.clientProperties, "clientProperties is null"));
        this.valueFormat = requireNonNull(builder.valueFormat, "valueFormat is null");
        this.recordLayout = requireNonNull(builder.recordLayout, "recordLayout is null");
        this.deliveryGuarantee = requireNonNull(builder.deliveryGuarantee, "deliveryGuarantee is null");
        this.partitionStrategy = requireNonNull(builder.partitionStrategy, "partitionStrategy is null");
        this.topics = requireNonNull(builder.topics, "topics is null");
        this.tombstonesOnDelete = builder.tombstonesOnDelete;
        this.includeSchemaChanges = builder.includeSchemaChanges;
        this.schemaChangesTopic = requireNonNull(builder.schemaChangesTopic, "schemaChangesTopic is null");
        this.transactionalIdPrefix = requireNonNull(builder.transactionalIdPrefix, "transactionalIdPrefix is null");
        this.topicPartitions = builder.topicPartitions;
        this.topicReplicationFactor = builder.topicReplicationFactor;
        this.connectTimeout = requireNonNull(builder.connectTimeout, "connectTimeout is null");
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

    public static Builder builder() {
        return new Builder();
    }

    /** Every {@code properties.*} key without the prefix, including {@code bootstrap.servers}. */
    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    /** Encoding of record values. */
    public ValueFormat valueFormat() {
        return valueFormat;
    }

    /** Key format, headers and schema wrapper of change records. */
    public RecordLayout recordLayout() {
        return recordLayout;
    }

    /** Exactly-once or at-least-once. */
    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    /** How records are spread over partitions. */
    public PartitionStrategy partitionStrategy() {
        return partitionStrategy;
    }

    /** The table-to-topic routing. */
    public TopicRouter topics() {
        return topics;
    }

    /** Whether deletes are followed by a tombstone. */
    public boolean tombstonesOnDelete() {
        return tombstonesOnDelete;
    }

    /** Whether schema changes are written to {@link #schemaChangesTopic()}. */
    public boolean includeSchemaChanges() {
        return includeSchemaChanges;
    }

    /** Topic of the schema-change events. */
    public String schemaChangesTopic() {
        return schemaChangesTopic;
    }

    /** Prefix of the producers' transactional ids. */
    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    /** Partitions of created topics. */
    public int topicPartitions() {
        return topicPartitions;
    }

    /** Replication factor of created topics. */
    public short topicReplicationFactor() {
        return topicReplicationFactor;
    }

    /** How long admin operations wait for the brokers. */
    public Duration connectTimeout() {
        return connectTimeout;
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

    /** Collects the options; {@link #build()} checks them. */
    public static final class Builder {
        private Map<String, String> clientProperties;
        private ValueFormat valueFormat = KafkaSinkOptions.VALUE_FORMAT.defaultValue();
        private RecordLayout recordLayout = RecordLayout.defaults();
        private DeliveryGuarantee deliveryGuarantee = KafkaSinkOptions.DELIVERY_GUARANTEE.defaultValue();
        private PartitionStrategy partitionStrategy = KafkaSinkOptions.PARTITION_STRATEGY.defaultValue();
        private TopicRouter topics = new TopicRouter(Optional.empty(), Map.of());
        private boolean tombstonesOnDelete = KafkaSinkOptions.TOMBSTONES_ON_DELETE.defaultValue();
        private boolean includeSchemaChanges = KafkaSinkOptions.INCLUDE_SCHEMA_CHANGES.defaultValue();
        private String schemaChangesTopic;
        private String transactionalIdPrefix;
        private int topicPartitions = KafkaSinkOptions.TOPIC_PARTITIONS.defaultValue();
        private short topicReplicationFactor = KafkaSinkOptions.TOPIC_REPLICATION_FACTOR.defaultValue().shortValue();
        private Duration connectTimeout = KafkaSinkOptions.CONNECT_TIMEOUT.defaultValue();

        private Builder() {}

        public Builder clientProperties(Map<String, String> clientProperties) {
            this.clientProperties = clientProperties;
            return this;
        }

        public Builder valueFormat(ValueFormat valueFormat) {
            this.valueFormat = valueFormat;
            return this;
        }

        public Builder recordLayout(RecordLayout recordLayout) {
            this.recordLayout = recordLayout;
            return this;
        }

        public Builder deliveryGuarantee(DeliveryGuarantee deliveryGuarantee) {
            this.deliveryGuarantee = deliveryGuarantee;
            return this;
        }

        public Builder partitionStrategy(PartitionStrategy partitionStrategy) {
            this.partitionStrategy = partitionStrategy;
            return this;
        }

        public Builder topics(TopicRouter topics) {
            this.topics = topics;
            return this;
        }

        public Builder tombstonesOnDelete(boolean tombstonesOnDelete) {
            this.tombstonesOnDelete = tombstonesOnDelete;
            return this;
        }

        public Builder includeSchemaChanges(boolean includeSchemaChanges) {
            this.includeSchemaChanges = includeSchemaChanges;
            return this;
        }

        public Builder schemaChangesTopic(String schemaChangesTopic) {
            this.schemaChangesTopic = schemaChangesTopic;
            return this;
        }

        public Builder transactionalIdPrefix(String transactionalIdPrefix) {
            this.transactionalIdPrefix = transactionalIdPrefix;
            return this;
        }

        public Builder topicPartitions(int topicPartitions) {
            this.topicPartitions = topicPartitions;
            return this;
        }

        public Builder topicReplicationFactor(short topicReplicationFactor) {
            this.topicReplicationFactor = topicReplicationFactor;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public KafkaSinkConfig build() {
            return new KafkaSinkConfig(this);
        }
    }
}
