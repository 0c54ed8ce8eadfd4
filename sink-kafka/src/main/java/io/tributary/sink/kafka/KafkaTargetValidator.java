package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Checks, without changing anything, that the brokers answer, that the producer's transaction
 * timeout is within what they allow, and which of the sink's named topics exist.
 */
final class KafkaTargetValidator {
    private final KafkaSinkConfig config;

    KafkaTargetValidator(KafkaSinkConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    List<String> validate() {
        List<String> findings = new ArrayList<>();
        try (TopicCreator topics = openAdmin()) {
            Admin admin = topics.admin();
            long timeout = config.connectTimeout().toMillis();
            Collection<Node> nodes = admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS);
            String clusterId = admin.describeCluster().clusterId().get(timeout, TimeUnit.MILLISECONDS);
            findings.add("Kafka cluster " + clusterId + " at " + config.bootstrapServers() + ": " + nodes.size() + " broker(s)"
                    + metadataVersion(admin, timeout));
            if (config.topicReplicationFactor() > nodes.size()) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "sink.topic.replication-factor is " + config.topicReplicationFactor()
                        + " but the Kafka cluster at " + config.bootstrapServers() + " has " + nodes.size() + " broker(s); topics could not be"
                        + " created. Lower the replication factor to at most " + nodes.size() + ".");
            }
            if (config.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
                findings.add(checkTransactionTimeout(admin, nodes.iterator().next(), timeout));
            }
            findings.add(topicFindings(topics));
            return findings;
        } catch (TributaryException e) {
            throw e;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    private TopicCreator openAdmin() {
        try {
            return new TopicCreator(config);
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    private TributaryException unreachable(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        TributaryException described = KafkaFailures.describe(cause, "Validating the Kafka sink", Optional.empty(), config);
        if (described.code() != ErrorCode.SINK_WRITE_FAILED) {
            return described;
        }
        return new TributaryException(ErrorCode.SINK_UNREACHABLE, "No Kafka broker answered at " + config.bootstrapServers() + " within "
                + config.connectTimeout().toMillis() + " ms (" + cause + "). Check properties.bootstrap.servers, that the brokers run and"
                + " that their advertised listeners are reachable from here; raise sink.connect.timeout for slow networks.", cause);
    }

    private static String metadataVersion(Admin admin, long timeout) {
        try {
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get(timeout, TimeUnit.MILLISECONDS);
            StringBuilder levels = new StringBuilder();
            for (String feature : List.of("metadata.version", "transaction.version")) {
                FinalizedVersionRange level = features.finalizedFeatures().get(feature);
                if (level != null) {
                    levels.append(", ").append(feature).append(" level ").append(level.maxVersionLevel());
                }
            }
            return levels.toString();
        } catch (Exception e) {
            return "";
        }
    }

    private String checkTransactionTimeout(Admin admin, Node broker, long timeout) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker.id()));
        Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(resource)).all().get(timeout, TimeUnit.MILLISECONDS);
        ConfigEntry max = configs.get(resource).get("transaction.max.timeout.ms");
        long producerTimeout = config.transactionTimeoutMillis();
        if (max != null && max.value() != null && producerTimeout > Long.parseLong(max.value())) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "properties.transaction.timeout.ms is " + producerTimeout + " ms but broker "
                    + broker.id() + " allows at most transaction.max.timeout.ms = " + max.value() + " ms; every transaction would be refused."
                    + " Lower properties.transaction.timeout.ms or raise the brokers' transaction.max.timeout.ms.");
        }
        return "exactly-once: transactional ids " + config.transactionalIdPrefix() + "-<subtask>-<checkpoint>, transaction timeout "
                + producerTimeout + " ms" + (max == null ? "" : " (brokers allow " + max.value() + " ms)")
                + "; consumers must read with isolation.level=read_committed";
    }

    private String topicFindings(TopicCreator topics) {
        Set<String> named = new TreeSet<>(config.topics().mapping().values());
        config.topics().singleTopic().ifPresent(named::add);
        if (config.includeSchemaChanges()) {
            named.add(config.schemaChangesTopic());
        }
        Set<String> existing = named.isEmpty() ? Set.of() : topics.existing(named);
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(existing);
        StringBuilder line = new StringBuilder("topics:");
        if (!existing.isEmpty()) {
            line.append(" existing ").append(new TreeSet<>(existing)).append(';');
        }
        if (!missing.isEmpty()) {
            line.append(" to be created ").append(missing).append(" with ").append(config.topicPartitions()).append(" partition(s), replication factor ")
                    .append(config.topicReplicationFactor()).append(';');
        }
        if (config.topics().singleTopic().isEmpty()) {
            line.append(" other tables go to a topic named after their sink table id, created on first write");
        }
        return line.toString();
    }
}
