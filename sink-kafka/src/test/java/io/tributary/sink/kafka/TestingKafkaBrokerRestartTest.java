package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The test broker's restart keeps its address and its data, as the sink's outage tests need. */
class TestingKafkaBrokerRestartTest {
    @Test
    void aRestartedBrokerServesTheSameTopicAtTheSameAddress() throws Exception {
        try (TestingKafkaBroker broker = TestingKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(java.util.List.of(new NewTopic("restarted", 1, (short) 1))).all().get();
            }
            send(bootstrap, "before");

            broker.restartBroker(Duration.ofSeconds(2));

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            send(bootstrap, "after");
            assertThat(broker.readCommitted("restarted")).extracting(record -> new String(record.value())).containsExactly("before", "after");
        }
    }

    private static void send(String bootstrap, String value) throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("restarted", value.getBytes())).get();
        }
    }
}
