package io.tributary.sink.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka broker in KRaft mode (one combined broker+controller process role),
 * started in this JVM from the {@code kafka_2.13} jars on loopback with random ports and a
 * temporary log directory that is deleted on close.
 */
public final class TestingKafkaBroker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private TestingKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static TestingKafkaBroker start() throws Exception {
        return start(Map.of());
    }

    /**
     * A broker whose client listener speaks TLS, with {@code sslSettings} as its {@code ssl.*}
     * settings (its key store, and the trust store it uses to reach itself as a client); the
     * controller's listener stays plain.
     */
    public static TestingKafkaBroker startWithTls(Map<String, String> sslSettings) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(sslSettings);
        // The test kit's nodes accept only plain protocols; its listener map is a default that a setting replaces.
        settings.put("listener.security.protocol.map", "EXTERNAL:SSL,CONTROLLER:PLAINTEXT");
        return start(settings);
    }

    private static TestingKafkaBroker start(Map<String, String> settings) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        settings.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                // Abort timed-out transactions within a second (default 10 s), for tests of commits that come too late.
                .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new TestingKafkaBroker(cluster);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Every record of {@code topic} a {@code read_committed} consumer sees, up to the last stable offset, in partition order. */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        return readCommitted(topic, Map.of());
    }

    /** As {@link #readCommitted(String)}, with further consumer settings (e.g. {@code security.protocol: SSL} and a trust store). */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, Map<String, String> clientSettings) {
        Properties properties = new Properties();
        properties.putAll(clientSettings);
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " up to " + ends + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Shuts the broker down (its controller stays up), keeps it down for {@code downtime}, and
     * starts it again on the same ports and log directory, as a rolling restart does.
     */
    public void restartBroker(Duration downtime) throws Exception {
        for (kafka.server.BrokerServer broker : cluster.brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
        }
        Thread.sleep(downtime.toMillis());
        for (kafka.server.BrokerServer broker : cluster.brokers().values()) {
            broker.startup();
        }
        cluster.waitForReadyBrokers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
