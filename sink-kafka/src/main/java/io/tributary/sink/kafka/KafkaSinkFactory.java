package io.tributary.sink.kafka;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.SinkFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** Creates the {@code type: kafka} sink, which writes Debezium-compatible change events to Kafka topics. */
public final class KafkaSinkFactory implements SinkFactory {
    private static final java.util.regex.Pattern LEGAL_TOPIC = java.util.regex.Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public static final String IDENTIFIER = "kafka";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(KafkaSinkOptions.BOOTSTRAP_SERVERS);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(KafkaSinkOptions.VALUE_FORMAT, KafkaSinkOptions.DELIVERY_GUARANTEE, KafkaSinkOptions.PARTITION_STRATEGY,
                KafkaSinkOptions.TOPIC, KafkaSinkOptions.TABLE_ID_TO_TOPIC_MAPPING, KafkaSinkOptions.INCLUDE_SCHEMA_CHANGES,
                KafkaSinkOptions.TOMBSTONES_ON_DELETE, KafkaSinkOptions.SCHEMA_CHANGES_TOPIC, KafkaSinkOptions.TRANSACTIONAL_ID_PREFIX, KafkaSinkOptions.TOPIC_PARTITIONS,
                KafkaSinkOptions.TOPIC_REPLICATION_FACTOR, KafkaSinkOptions.CONNECT_TIMEOUT, KafkaSinkOptions.KEY_FORMAT,
                KafkaSinkOptions.ADD_TABLE_ID_TO_HEADER, KafkaSinkOptions.CUSTOM_HEADER, KafkaSinkOptions.DEBEZIUM_JSON_INCLUDE_SCHEMA);
    }

    @Override
    public Set<String> passThroughPrefixes() {
        return Set.of(KafkaSinkOptions.PROPERTIES_PREFIX);
    }

    @Override
    public PipelineSink createSink(Configuration options, PipelineContext context) {
        return new KafkaSink(configFrom(options, context.pipelineId()), context.pipelineName());
    }

    /**
     * Parses and checks the sink block's options.
     *
     * @param pipelineId the pipeline's name as an identifier, the default prefix of transactional ids and of the schema-changes topic
     */
    public static KafkaSinkConfig configFrom(Configuration options, String pipelineId) {
        Map<String, String> clientProperties = new HashMap<>();
        options.toMap().forEach((key, value) -> {
            if (key.startsWith(KafkaSinkOptions.PROPERTIES_PREFIX)) {
                clientProperties.put(key.substring(KafkaSinkOptions.PROPERTIES_PREFIX.length()), value);
            }
        });
        String servers = clientProperties.get("bootstrap.servers");
        if (servers == null || servers.isBlank()) {
            throw new TributaryException(ErrorCode.CONFIG_MISSING_OPTION, "The kafka sink needs "
                    + KafkaSinkOptions.BOOTSTRAP_SERVERS.key() + ", e.g. properties.bootstrap.servers: 127.0.0.1:9092. Add it to the sink block.");
        }
        checkBootstrapServers(servers);
        checkTopicNames(options);
        for (String reserved : new String[] {"transactional.id", "key.serializer", "value.serializer"}) {
            if (clientProperties.containsKey(reserved)) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "properties." + reserved + " is set by the sink itself; remove it"
                        + (reserved.equals("transactional.id") ? " and use " + KafkaSinkOptions.TRANSACTIONAL_ID_PREFIX.key() + " instead." : "."));
            }
        }
        checkLong(clientProperties, "transaction.timeout.ms");
        checkLong(clientProperties, "max.request.size");
        int partitions = options.get(KafkaSinkOptions.TOPIC_PARTITIONS);
        if (partitions < 1) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, KafkaSinkOptions.TOPIC_PARTITIONS.key() + " is " + partitions + "; set it to 1 or more.");
        }
        int replication = options.get(KafkaSinkOptions.TOPIC_REPLICATION_FACTOR);
        if (replication < 1 || replication > Short.MAX_VALUE) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID,
                    KafkaSinkOptions.TOPIC_REPLICATION_FACTOR.key() + " is " + replication + "; set it to 1 or more (at most the number of brokers).");
        }
        Optional<String> topic = options.getOptional(KafkaSinkOptions.TOPIC).map(String::trim).filter(t -> !t.isEmpty());
        Map<String, String> mapping = options.getOptional(KafkaSinkOptions.TABLE_ID_TO_TOPIC_MAPPING).map(TopicRouter::parseMapping).orElse(Map.of());
        String prefix = options.getOptional(KafkaSinkOptions.TRANSACTIONAL_ID_PREFIX).orElse("tributary-" + pipelineId);
        String schemaTopic = options.getOptional(KafkaSinkOptions.SCHEMA_CHANGES_TOPIC).orElse(pipelineId + ".schema-changes");
        var timeout = options.get(KafkaSinkOptions.CONNECT_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, KafkaSinkOptions.CONNECT_TIMEOUT.key() + " is " + timeout + "; set a positive duration such as 10s.");
        }
        ValueFormat valueFormat = options.get(KafkaSinkOptions.VALUE_FORMAT);
        boolean includeSchema = options.get(KafkaSinkOptions.DEBEZIUM_JSON_INCLUDE_SCHEMA);
        if (includeSchema && valueFormat != ValueFormat.DEBEZIUM_JSON) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, KafkaSinkOptions.DEBEZIUM_JSON_INCLUDE_SCHEMA.key() + " applies only to "
                    + "value.format debezium-json, but value.format is " + valueFormat + ". Remove the option or use debezium-json.");
        }
        RecordLayout layout = new RecordLayout(options.get(KafkaSinkOptions.KEY_FORMAT), options.get(KafkaSinkOptions.ADD_TABLE_ID_TO_HEADER),
                customHeaders(options.get(KafkaSinkOptions.CUSTOM_HEADER)), includeSchema);
        return KafkaSinkConfig.builder()
                .clientProperties(clientProperties)
                .valueFormat(valueFormat)
                .recordLayout(layout)
                .deliveryGuarantee(options.get(KafkaSinkOptions.DELIVERY_GUARANTEE))
                .partitionStrategy(options.get(KafkaSinkOptions.PARTITION_STRATEGY))
                .topics(new TopicRouter(topic, mapping))
                .tombstonesOnDelete(options.get(KafkaSinkOptions.TOMBSTONES_ON_DELETE))
                .includeSchemaChanges(options.get(KafkaSinkOptions.INCLUDE_SCHEMA_CHANGES))
                .schemaChangesTopic(schemaTopic)
                .transactionalIdPrefix(prefix)
                .topicPartitions(partitions)
                .topicReplicationFactor((short) replication)
                .connectTimeout(timeout)
                .build();
    }

    private static Map<String, String> customHeaders(String text) {
        try {
            return RecordLayout.parseCustomHeaders(text);
        } catch (IllegalArgumentException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, KafkaSinkOptions.CUSTOM_HEADER.key() + " '" + text + "' is invalid: "
                    + e.getMessage() + ". Write key:value pairs separated by ',', e.g. env:prod,team:orders.");
        }
    }

    private static void checkLong(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null) {
            return;
        }
        try {
            if (Long.parseLong(value.trim()) < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "properties." + key + " is '" + value + "'; set a positive whole number.");
        }
    }

    /** The topics the file names, against Kafka's rule, so that a bad name fails before any broker is asked to create it. */
    private static void checkTopicNames(Configuration options) {
        options.getOptional(KafkaSinkOptions.TOPIC).map(String::trim).filter(t -> !t.isEmpty())
                .ifPresent(name -> checkTopicName(KafkaSinkOptions.TOPIC.key(), name));
        options.getOptional(KafkaSinkOptions.TABLE_ID_TO_TOPIC_MAPPING).map(TopicRouter::parseMapping).orElse(Map.of()).values()
                .forEach(name -> checkTopicName(KafkaSinkOptions.TABLE_ID_TO_TOPIC_MAPPING.key(), name));
        options.getOptional(KafkaSinkOptions.SCHEMA_CHANGES_TOPIC).ifPresent(name -> checkTopicName(KafkaSinkOptions.SCHEMA_CHANGES_TOPIC.key(), name));
    }

    private static void checkTopicName(String option, String name) {
        if (!LEGAL_TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, option + " names the topic '" + name + "', which Kafka does not allow: use 1 to "
                    + "249 letters, digits, '.', '_' and '-' (and not '.' or '..' alone).");
        }
    }

    /** Each entry must be host:port, as the Kafka client requires; it would otherwise fail with a message about its own internals. */
    private static void checkBootstrapServers(String servers) {
        for (String entry : servers.split(",")) {
            String address = entry.trim();
            int colon = address.lastIndexOf(':');
            boolean valid = colon > 0 && colon < address.length() - 1;
            if (valid) {
                try {
                    int port = Integer.parseInt(address.substring(colon + 1));
                    valid = port >= 1 && port <= 65535;
                } catch (NumberFormatException e) {
                    valid = false;
                }
            }
            if (!valid) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, KafkaSinkOptions.BOOTSTRAP_SERVERS.key() + " has the entry '" + address
                        + "', which is not host:port. Write the brokers as host1:9092,host2:9092.");
            }
        }
    }
}
