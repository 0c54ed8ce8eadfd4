package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the sink's topics when absent, with the configured partitions and replication factor. */
final class TopicCreator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);
    private static final long LEADER_POLL_MILLIS = 50;

    private final KafkaSinkConfig config;
    private final Admin admin;

    TopicCreator(KafkaSinkConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.admin = Admin.create(config.adminProperties());
    }

    /** The names among {@code topics} that exist. */
    Set<String> existing(Set<String> topics) {
        try {
            Set<String> names = admin.listTopics().names().get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            names.retainAll(topics);
            return names;
        } catch (Exception e) {
            throw KafkaFailures.describe(unwrap(e), "Listing the Kafka topics", java.util.Optional.empty(), config);
        }
    }

    /**
     * Creates {@code topic} unless it exists and waits until each of its partitions has a leader; returns whether it
     * created it. A topic another subtask has just created may still be electing its leaders, and a producer writing to
     * it then logs NOT_LEADER_OR_FOLLOWER warnings while it retries.
     */
    boolean ensureExists(String topic) {
        boolean created = existing(Set.of(topic)).isEmpty() && create(topic);
        awaitLeaders(topic);
        return created;
    }

    private boolean create(String topic) {
        NewTopic newTopic = new NewTopic(topic, config.topicPartitions(), config.topicReplicationFactor());
        try {
            admin.createTopics(List.of(newTopic)).all().get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created Kafka topic {} with {} partition(s), replication factor {}", topic, config.topicPartitions(), config.topicReplicationFactor());
            return true;
        } catch (Exception e) {
            Throwable cause = unwrap(e);
            if (cause instanceof TopicExistsException) {
                return false;
            }
            throw cannotCreate(topic, cause);
        }
    }

    /**
     * Waits, at most the connect timeout, for every partition of {@code topic} to have a leader that
     * serves it. The admin client has no call that waits for the election, so the topic's description
     * is asked for again every {@value #LEADER_POLL_MILLIS} ms; the producer retries past a timeout anyway.
     */
    private void awaitLeaders(String topic) {
        long deadline = System.nanoTime() + config.connectTimeout().toNanos();
        try {
            int partitions;
            while ((partitions = partitionsLed(topic)) < 0) {
                if (System.nanoTime() > deadline) {
                    LOG.info("Kafka topic {} has partitions without a leader after {}; writing to it anyway, the producer retries", topic,
                            config.connectTimeout());
                    return;
                }
                Thread.sleep(LEADER_POLL_MILLIS);
            }
            awaitLeadersServe(topic, partitions, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The number of partitions of {@code topic} once every one has a leader, -1 before: while the broker
     * does not know the topic yet too. 0 when describing it fails otherwise, which the producer then reports.
     */
    private int partitionsLed(String topic) throws InterruptedException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS).get(topic);
            boolean led = description != null && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            return led ? description.partitions().size() : -1;
        } catch (ExecutionException | TimeoutException e) {
            return unwrap(e) instanceof UnknownTopicOrPartitionException ? -1 : 0;
        }
    }

    /**
     * Waits until the leader of every partition of {@code topic} answers for it. A broker publishes a
     * new leader in its metadata a moment before its replica manager takes the partition on, and a
     * produce request in between fails with NOT_LEADER_OR_FOLLOWER, which the producer logs as a
     * warning per retry. Asking each leader for the partition's end offset goes through the same
     * check; the admin client retries that answer quietly until the leader serves.
     */
    private void awaitLeadersServe(String topic, int partitions, long deadline) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            ends.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        try {
            admin.listOffsets(ends).all().get(left, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("Kafka topic {}: the leaders of its partitions did not all answer within {} ({}); writing to it anyway, the producer"
                    + " retries", topic, config.connectTimeout(), unwrap(e).toString());
        }
    }

    private TributaryException cannotCreate(String topic, Throwable cause) {
        String what = "Kafka topic " + topic + " does not exist and could not be created (" + cause.getMessage() + "). ";
        if (cause instanceof TopicAuthorizationException || cause instanceof ClusterAuthorizationException) {
            return new TributaryException(ErrorCode.SINK_PRIVILEGE_MISSING, what + "Grant the sink's Kafka principal CREATE on the topic"
                    + " (or the cluster), or create the topic yourself.", cause);
        }
        if (cause instanceof InvalidReplicationFactorException) {
            return new TributaryException(ErrorCode.CONFIG_INVALID, what + "Set sink.topic.replication-factor (now "
                    + config.topicReplicationFactor() + ") to at most the number of brokers, or create the topic yourself.", cause);
        }
        if (cause instanceof InvalidTopicException) {
            return new TributaryException(ErrorCode.CONFIG_INVALID, what + "Kafka topic names may hold only letters, digits, '.', '_' and '-'"
                    + " (at most 249); map the table to a valid name with topic or sink.tableId-to-topic.mapping.", cause);
        }
        if (cause instanceof PolicyViolationException) {
            return new TributaryException(ErrorCode.SINK_PRIVILEGE_MISSING, what + "The cluster's topic-creation policy refused it; create the"
                    + " topic yourself or adjust sink.topic.partitions and sink.topic.replication-factor to the policy.", cause);
        }
        TributaryException described = KafkaFailures.describe(cause, "Creating Kafka topic " + topic, java.util.Optional.of(topic), config);
        return new TributaryException(described.code(), what + described.getMessage(), cause);
    }

    private static Throwable unwrap(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(config.connectTimeout());
    }
}
