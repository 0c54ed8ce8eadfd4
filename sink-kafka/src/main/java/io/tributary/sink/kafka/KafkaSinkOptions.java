package io.tributary.sink.kafka;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of a {@code type: kafka} sink block. Names follow Flink CDC 3.x's Kafka pipeline
 * sink; the descriptions feed help, validation and the README.
 */
public final class KafkaSinkOptions {
    /** Keys starting with this prefix go to the Kafka producer and admin client with the prefix removed. */
    public static final String PROPERTIES_PREFIX = "properties.";

    /** Required, through the pass-through prefix. */
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key(PROPERTIES_PREFIX + "bootstrap.servers")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka brokers to connect to, host:port[,host:port...].");

    public static final ConfigOption<ValueFormat> VALUE_FORMAT = ConfigOptions.key("value.format")
            .enumType(ValueFormat.class)
            .defaultValue(ValueFormat.DEBEZIUM_JSON)
            .withDescription("Encoding of record values: debezium-json (Debezium's change envelope), canal-json (Canal's "
                    + "flat JSON message) or json (the row image, with __deleted=true on deletes).");

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE = ConfigOptions.key("sink.delivery-guarantee")
            .enumType(DeliveryGuarantee.class)
            .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
            .withDescription("exactly-once: records are written in Kafka transactions committed when a checkpoint "
                    + "completes (consumers must read with isolation.level=read_committed). at-least-once: records are "
                    + "flushed at every checkpoint and may repeat after a restart. none: records are sent without waiting for them at "
                    + "checkpoints, so a failure may lose or repeat some.");

    public static final ConfigOption<PartitionStrategy> PARTITION_STRATEGY = ConfigOptions.key("partition.strategy")
            .enumType(PartitionStrategy.class)
            .defaultValue(PartitionStrategy.HASH_BY_KEY)
            .withDescription("hash-by-key: the partition is chosen by the producer's hash of the primary-key record key, so one "
                    + "key's changes stay in order in one partition. all-to-zero: every record goes to partition 0.");

    public static final ConfigOption<String> TOPIC = ConfigOptions.key("topic")
            .stringType()
            .noDefaultValue()
            .withDescription("One topic for every table. When absent, each table goes to a topic named after its sink "
                    + "table id (e.g. appdb.public.orders), unless sink.tableId-to-topic.mapping names another.");

    public static final ConfigOption<String> TABLE_ID_TO_TOPIC_MAPPING = ConfigOptions.key("sink.tableId-to-topic.mapping")
            .stringType()
            .noDefaultValue()
            .withDescription("Per-table topics, as table-id:topic pairs separated by ';', e.g. "
                    + "appdb.public.orders:orders;appdb.public.items:items. Takes precedence over topic.");

    public static final ConfigOption<Boolean> INCLUDE_SCHEMA_CHANGES = ConfigOptions.key("include.schema.changes")
            .booleanType()
            .defaultValue(false)
            .withDescription("Write every schema change (with the table's schema after it) to the schema-changes topic.");

    public static final ConfigOption<Boolean> TOMBSTONES_ON_DELETE = ConfigOptions.key("tombstones.on.delete")
            .booleanType()
            .defaultValue(true)
            .withDescription("Follow each delete of a table with a primary key by a tombstone (same key, null value), as "
                    + "Debezium does, so that log compaction can remove the key.");

    public static final ConfigOption<String> SCHEMA_CHANGES_TOPIC = ConfigOptions.key("sink.schema-changes.topic")
            .stringType()
            .noDefaultValue()
            .withDescription("Topic of the schema-change events; defaults to <pipeline name>.schema-changes.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("sink.transactional-id-prefix")
            .stringType()
            .noDefaultValue()
            .withDescription("Prefix of the Kafka transactional ids (the writer appends its subtask and checkpoint); "
                    + "defaults to tributary-<pipeline name>. Two pipelines writing to one cluster must use different "
                    + "prefixes, and one pipeline must keep its prefix across restarts.");

    public static final ConfigOption<Integer> TOPIC_PARTITIONS = ConfigOptions.key("sink.topic.partitions")
            .intType()
            .defaultValue(1)
            .withDescription("Partitions of each topic the sink creates. Existing topics are used as they are.");

    public static final ConfigOption<Integer> TOPIC_REPLICATION_FACTOR = ConfigOptions.key("sink.topic.replication-factor")
            .intType()
            .defaultValue(1)
            .withDescription("Replication factor of each topic the sink creates; at most the number of brokers.");

    public static final ConfigOption<java.time.Duration> CONNECT_TIMEOUT = ConfigOptions.key("sink.connect.timeout")
            .durationType()
            .defaultValue(java.time.Duration.ofSeconds(10))
            .withDescription("How long validation and topic creation wait for the brokers before failing.");

    public static final ConfigOption<KeyFormat> KEY_FORMAT = ConfigOptions.key("key.format")
            .enumType(KeyFormat.class)
            .defaultValue(KeyFormat.JSON)
            .withDescription("Encoding of record keys (the primary key; tables without one have no key): json (an object of the key "
                    + "columns) or csv (the key values as one CSV line in key column order).");

    public static final ConfigOption<Boolean> ADD_TABLE_ID_TO_HEADER = ConfigOptions.key("sink.add-tableId-to-header-enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Add headers namespace, schemaName and tableName (the sink table id's parts, as Flink CDC names them) "
                    + "to every change record.");

    public static final ConfigOption<String> CUSTOM_HEADER = ConfigOptions.key("sink.custom-header")
            .stringType()
            .defaultValue("")
            .withDescription("Fixed headers for every change record, key:value pairs separated by ',', e.g. env:prod,team:orders.");

    public static final ConfigOption<Boolean> DEBEZIUM_JSON_INCLUDE_SCHEMA = ConfigOptions.key("debezium-json.include-schema.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("With value.format debezium-json: wrap each value as {\"schema\":…,\"payload\":…}, Debezium's JSON "
                    + "converter output with schemas.enable=true, for consumers that need the field types (Kafka Connect's "
                    + "JsonConverter, Flink's debezium-json with debezium-json.schema-include).");

    private KafkaSinkOptions() {}
}
