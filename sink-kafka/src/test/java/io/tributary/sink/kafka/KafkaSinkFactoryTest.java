package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.spi.ConnectorFactories;
import io.tributary.core.spi.PipelineContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class KafkaSinkFactoryTest {

    @Test
    void pinsEveryOptionKeyAndDefault() {
        assertThat(KafkaSinkOptions.BOOTSTRAP_SERVERS.key()).isEqualTo("properties.bootstrap.servers");
        assertThat(KafkaSinkOptions.BOOTSTRAP_SERVERS.hasDefaultValue()).isFalse();
        assertThat(KafkaSinkOptions.VALUE_FORMAT.key()).isEqualTo("value.format");
        assertThat(KafkaSinkOptions.VALUE_FORMAT.defaultValue()).isEqualTo(ValueFormat.DEBEZIUM_JSON);
        assertThat(KafkaSinkOptions.DELIVERY_GUARANTEE.key()).isEqualTo("sink.delivery-guarantee");
        assertThat(KafkaSinkOptions.DELIVERY_GUARANTEE.defaultValue()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(KafkaSinkOptions.PARTITION_STRATEGY.key()).isEqualTo("partition.strategy");
        assertThat(KafkaSinkOptions.PARTITION_STRATEGY.defaultValue()).isEqualTo(PartitionStrategy.HASH_BY_KEY);
        assertThat(KafkaSinkOptions.TOPIC.key()).isEqualTo("topic");
        assertThat(KafkaSinkOptions.TOPIC.hasDefaultValue()).isFalse();
        assertThat(KafkaSinkOptions.TABLE_ID_TO_TOPIC_MAPPING.key()).isEqualTo("sink.tableId-to-topic.mapping");
        assertThat(KafkaSinkOptions.TABLE_ID_TO_TOPIC_MAPPING.hasDefaultValue()).isFalse();
        assertThat(KafkaSinkOptions.INCLUDE_SCHEMA_CHANGES.key()).isEqualTo("include.schema.changes");
        assertThat(KafkaSinkOptions.INCLUDE_SCHEMA_CHANGES.defaultValue()).isFalse();
        assertThat(KafkaSinkOptions.TOMBSTONES_ON_DELETE.key()).isEqualTo("tombstones.on.delete");
        assertThat(KafkaSinkOptions.TOMBSTONES_ON_DELETE.defaultValue()).isTrue();
        assertThat(KafkaSinkOptions.SCHEMA_CHANGES_TOPIC.key()).isEqualTo("sink.schema-changes.topic");
        assertThat(KafkaSinkOptions.SCHEMA_CHANGES_TOPIC.hasDefaultValue()).isFalse();
        assertThat(KafkaSinkOptions.TRANSACTIONAL_ID_PREFIX.key()).isEqualTo("sink.transactional-id-prefix");
        assertThat(KafkaSinkOptions.TRANSACTIONAL_ID_PREFIX.hasDefaultValue()).isFalse();
        assertThat(KafkaSinkOptions.TOPIC_PARTITIONS.key()).isEqualTo("sink.topic.partitions");
        assertThat(KafkaSinkOptions.TOPIC_PARTITIONS.defaultValue()).isEqualTo(1);
        assertThat(KafkaSinkOptions.TOPIC_REPLICATION_FACTOR.key()).isEqualTo("sink.topic.replication-factor");
        assertThat(KafkaSinkOptions.TOPIC_REPLICATION_FACTOR.defaultValue()).isEqualTo(1);
        assertThat(KafkaSinkOptions.CONNECT_TIMEOUT.key()).isEqualTo("sink.connect.timeout");
        assertThat(KafkaSinkOptions.CONNECT_TIMEOUT.defaultValue()).isEqualTo(Duration.ofSeconds(10));
        KafkaSinkFactory factory = new KafkaSinkFactory();
        assertThat(factory.requiredOptions()).containsExactly(KafkaSinkOptions.BOOTSTRAP_SERVERS);
        assertThat(factory.optionalOptions()).hasSize(16);
        assertThat(factory.passThroughPrefixes()).containsExactly("properties.");
    }

    @Test
    void readsFlinkCdcsRecordOptions() {
        KafkaSinkConfig config = KafkaSinkFactory.configFrom(options(Map.of("key.format", "csv", "sink.add-tableId-to-header-enabled", "true",
                "sink.custom-header", "env:prod, team:orders", "debezium-json.include-schema.enabled", "true")), "orders-pipeline");
        assertThat(config.recordLayout()).isEqualTo(new RecordLayout(KeyFormat.CSV, true, Map.of("env", "prod", "team", "orders"), true));
        assertThat(KafkaSinkFactory.configFrom(options(Map.of()), "p").recordLayout()).isEqualTo(RecordLayout.defaults());
        assertThat(KafkaSinkFactory.configFrom(options(Map.of("sink.delivery-guarantee", "none")), "p").deliveryGuarantee())
                .isEqualTo(DeliveryGuarantee.NONE);
    }

    @Test
    void refusesAMalformedCustomHeaderAndASchemaWrapperOutsideDebeziumJson() {
        assertThatThrownBy(() -> KafkaSinkFactory.configFrom(options(Map.of("sink.custom-header", "env=prod")), "p"))
                .hasMessageContaining("sink.custom-header 'env=prod' is invalid: 'env=prod' is not key:value");
        assertThatThrownBy(() -> KafkaSinkFactory.configFrom(options(Map.of("value.format", "canal-json",
                "debezium-json.include-schema.enabled", "true")), "p"))
                .hasMessageContaining("applies only to value.format debezium-json, but value.format is canal-json");
    }

    @Test
    void aPipelineNamedWithSpacesNamesTopicsAndTransactionsByItsSlug() {
        KafkaSink sink = (KafkaSink) new KafkaSinkFactory().createSink(options(Map.of()), new PipelineContext("MySQL to Kafka Pipeline", 1));
        assertThat(sink.config().transactionalIdPrefix()).isEqualTo("tributary-mysql-to-kafka-pipeline");
        assertThat(sink.config().schemaChangesTopic()).isEqualTo("mysql-to-kafka-pipeline.schema-changes");
    }

    @Test
    void derivesDefaultsFromThePipeline() {
        KafkaSinkConfig config = KafkaSinkFactory.configFrom(options(Map.of()), "orders-pipeline");
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.valueFormat()).isEqualTo(ValueFormat.DEBEZIUM_JSON);
        assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(config.partitionStrategy()).isEqualTo(PartitionStrategy.HASH_BY_KEY);
        assertThat(config.transactionalIdPrefix()).isEqualTo("tributary-orders-pipeline");
        assertThat(config.schemaChangesTopic()).isEqualTo("orders-pipeline.schema-changes");
        assertThat(config.includeSchemaChanges()).isFalse();
        assertThat(config.tombstonesOnDelete()).isTrue();
        assertThat(config.topicPartitions()).isEqualTo(1);
        assertThat(config.topicReplicationFactor()).isEqualTo((short) 1);
        assertThat(config.transactionTimeoutMillis()).isEqualTo(900_000L);
        assertThat(config.maxRequestSize()).isEqualTo(1_048_576);
        assertThat(config.topics().topicOf(TableId.parse("app.public.orders"))).isEqualTo("app.public.orders");
    }

    @Test
    void parsesAFlinkCdcSinkBlock() {
        KafkaSinkConfig config = KafkaSinkFactory.configFrom(options(Map.of(
                "value.format", "json",
                "sink.delivery-guarantee", "at-least-once",
                "partition.strategy", "all-to-zero",
                "topic", "everything",
                "sink.tableId-to-topic.mapping", "app.public.orders:orders; app.public.items:items",
                "include.schema.changes", "true",
                "sink.transactional-id-prefix", "mine",
                "sink.topic.partitions", "6",
                "properties.transaction.timeout.ms", "60000",
                "properties.sasl.jaas.config", "secret-stuff")), "p");
        assertThat(config.valueFormat()).isEqualTo(ValueFormat.JSON);
        assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(config.partitionStrategy()).isEqualTo(PartitionStrategy.ALL_TO_ZERO);
        assertThat(config.topics().topicOf(TableId.parse("app.public.orders"))).isEqualTo("orders");
        assertThat(config.topics().topicOf(TableId.parse("app.public.items"))).isEqualTo("items");
        assertThat(config.topics().topicOf(TableId.parse("app.public.other"))).isEqualTo("everything");
        assertThat(config.includeSchemaChanges()).isTrue();
        assertThat(config.transactionalIdPrefix()).isEqualTo("mine");
        assertThat(config.topicPartitions()).isEqualTo(6);
        assertThat(config.transactionTimeoutMillis()).isEqualTo(60_000L);
        assertThat(config.producerProperties()).containsEntry("sasl.jaas.config", "secret-stuff");
        assertThat(config.toString()).doesNotContain("secret-stuff");
    }

    @Test
    void rejectsBadBlocksWithTheKeyToFix() {
        assertThatThrownBy(() -> KafkaSinkFactory.configFrom(new Configuration(), "p"))
                .isInstanceOf(TributaryException.class)
                .satisfies(e -> assertThat(((TributaryException) e).code()).isEqualTo(ErrorCode.CONFIG_MISSING_OPTION))
                .hasMessageContaining("properties.bootstrap.servers");
        assertThatThrownBy(() -> KafkaSinkFactory.configFrom(options(Map.of("sink.tableId-to-topic.mapping", "a.b.c")), "p"))
                .hasMessageContaining("sink.tableId-to-topic.mapping").hasMessageContaining("'a.b.c'");
        assertThatThrownBy(() -> KafkaSinkFactory.configFrom(options(Map.of("properties.transactional.id", "x")), "p"))
                .hasMessageContaining("sink.transactional-id-prefix");
        assertThatThrownBy(() -> KafkaSinkFactory.configFrom(options(Map.of("sink.topic.partitions", "0")), "p"))
                .hasMessageContaining("sink.topic.partitions");
        assertThatThrownBy(() -> KafkaSinkFactory.configFrom(options(Map.of("properties.max.request.size", "big")), "p"))
                .hasMessageContaining("properties.max.request.size");
    }

    @Test
    void isFoundByType() {
        assertThat(ConnectorFactories.sink("kafka")).isInstanceOf(KafkaSinkFactory.class);
        assertThat(ConnectorFactories.sink("kafka").createSink(options(Map.of()), new PipelineContext("p", 1))).isInstanceOf(KafkaSink.class);
    }

    private static Configuration options(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(extra);
        all.put("properties.bootstrap.servers", "127.0.0.1:9092");
        return Configuration.fromMap(all);
    }
}
