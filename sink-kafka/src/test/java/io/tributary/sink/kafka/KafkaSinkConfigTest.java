package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.model.TableId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSinkConfigTest {

    private static KafkaSinkConfig.Builder minimal() {
        return KafkaSinkConfig.builder()
                .clientProperties(Map.of("bootstrap.servers", "127.0.0.1:9092"))
                .schemaChangesTopic("orders.schema-changes")
                .transactionalIdPrefix("tributary-orders");
    }

    @Test
    void buildsWithTheOptionsDefaults() {
        KafkaSinkConfig config = minimal().build();
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.valueFormat()).isEqualTo(ValueFormat.DEBEZIUM_JSON);
        assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(config.partitionStrategy()).isEqualTo(PartitionStrategy.HASH_BY_KEY);
        assertThat(config.topics().topicOf(TableId.parse("app.public.orders"))).isEqualTo("app.public.orders");
        assertThat(config.tombstonesOnDelete()).isTrue();
        assertThat(config.includeSchemaChanges()).isFalse();
        assertThat(config.schemaChangesTopic()).isEqualTo("orders.schema-changes");
        assertThat(config.transactionalIdPrefix()).isEqualTo("tributary-orders");
        assertThat(config.topicPartitions()).isEqualTo(1);
        assertThat(config.topicReplicationFactor()).isEqualTo((short) 1);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.transactionTimeoutMillis()).isEqualTo(900_000L);
    }

    @Test
    void checksEveryValueWhenBuilt() {
        assertThatThrownBy(() -> KafkaSinkConfig.builder().schemaChangesTopic("t").transactionalIdPrefix("p").build())
                .isInstanceOf(NullPointerException.class).hasMessage("clientProperties is null");
        assertThatThrownBy(() -> minimal().transactionalIdPrefix(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("transactionalIdPrefix is null");
        assertThatThrownBy(() -> minimal().valueFormat(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("valueFormat is null");
        assertThatThrownBy(() -> minimal().clientProperties(Map.of("acks", "all")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clientProperties lacks bootstrap.servers");
        assertThatThrownBy(() -> minimal().topicPartitions(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("topicPartitions must be at least 1, was 0");
    }

    @Test
    void keepsTheClientPropertiesAsBuiltAndOutOfToString() {
        HashMap<String, String> properties = new HashMap<>(Map.of("bootstrap.servers", "b:9092", "sasl.jaas.config", "secret"));
        KafkaSinkConfig config = minimal().clientProperties(properties).build();
        properties.put("bootstrap.servers", "changed:9092");
        assertThat(config.bootstrapServers()).isEqualTo("b:9092");
        assertThat(config.toString()).doesNotContain("secret");
    }
}
