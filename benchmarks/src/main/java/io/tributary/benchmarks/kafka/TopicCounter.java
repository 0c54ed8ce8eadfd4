package io.tributary.benchmarks.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records of one topic as a {@code read_committed} consumer receives them, on its own
 * named thread, from the first offset; the benchmark reads the count to time delivery.
 */
final class TopicCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final AtomicLong records = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    TopicCounter(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("max.poll.records", "10000");
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.thread = new Thread(this::run, "benchmark-topic-counter");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Records received so far; throws if the consumer failed. */
    long records() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("The consumer of " + topic + " failed: " + t.getMessage(), t);
        }
        return records.get();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                records.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
            }
        } catch (WakeupException e) {
            // close() woke the consumer up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            consumer.close();
        }
    }

    /** The sink creates the topic with its first record. */
    private List<TopicPartition> awaitPartitions() throws InterruptedException {
        while (running) {
            List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            }
            // Paces the metadata requests until the topic exists; nothing waits on this sleep.
            Thread.sleep(50);
        }
        return List.of();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(30_000);
    }
}
