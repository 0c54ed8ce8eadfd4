package io.tributary.sink.kafka;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/** Turns a failure of the Kafka clients into a {@link TributaryException} that names the topic and says what to do. */
final class KafkaFailures {
    private static final String CHECK_TLS = "Check properties.ssl.truststore.location: the trust store must hold the certificate of the"
            + " authority that signed the brokers' certificates (properties.ssl.truststore.password opens it; properties.ssl.truststore.type:"
            + " PEM reads a PEM file, without a password), properties.security.protocol: SSL, and that the brokers' certificates name the"
            + " hosts of properties.bootstrap.servers.";

    private KafkaFailures() {}

    static TributaryException describe(Throwable failure, String who, Optional<String> topic, KafkaSinkConfig config) {
        String where = topic.map(t -> " writing to topic " + t).orElse("");
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TributaryException own) {
                return own;
            }
            if (t instanceof RecordTooLargeException) {
                return new TributaryException(ErrorCode.SINK_WRITE_FAILED, who + where + ": Kafka rejected a record as too large (" + t.getMessage()
                        + "). Nothing of the current checkpoint was committed. Raise properties.max.request.size and the topic's max.message.bytes"
                        + " (or the brokers' message.max.bytes), then restart the pipeline.", failure);
            }
            if (t instanceof TopicAuthorizationException denied) {
                return new TributaryException(ErrorCode.SINK_PRIVILEGE_MISSING, who + where + ": not authorized to write to topics "
                        + denied.unauthorizedTopics() + ". Grant the sink's Kafka principal WRITE and DESCRIBE on them (and CREATE if the sink"
                        + " should create them), then restart the pipeline.", failure);
            }
            if (t instanceof TransactionalIdAuthorizationException) {
                return new TributaryException(ErrorCode.SINK_PRIVILEGE_MISSING, who + ": not authorized to use transactional ids starting with "
                        + config.transactionalIdPrefix() + ". Grant the sink's Kafka principal WRITE and DESCRIBE on the TRANSACTIONAL_ID"
                        + " resource with that prefix, or set sink.delivery-guarantee: at-least-once.", failure);
            }
            if (t instanceof ClusterAuthorizationException) {
                return new TributaryException(ErrorCode.SINK_PRIVILEGE_MISSING, who + where + ": not authorized on the Kafka cluster ("
                        + t.getMessage() + "). Grant the sink's principal IDEMPOTENT_WRITE (or the operation named) on the cluster.", failure);
            }
            if (t instanceof SslAuthenticationException || t instanceof SSLException) {
                return new TributaryException(ErrorCode.SINK_UNREACHABLE, who + ": the TLS handshake with the Kafka brokers at "
                        + config.bootstrapServers() + " failed (" + t.getMessage() + (t.getCause() == null ? "" : ": " + t.getCause().getMessage())
                        + "). " + CHECK_TLS, failure);
            }
            if (t instanceof KafkaException && String.valueOf(t.getMessage()).contains("SSL")) {
                return new TributaryException(ErrorCode.CONFIG_INVALID, who + ": the Kafka client could not set up TLS (" + t.getMessage()
                        + (t.getCause() == null ? "" : ": " + t.getCause().getMessage()) + "). " + CHECK_TLS, failure);
            }
            if (t instanceof AuthenticationException) {
                return new TributaryException(ErrorCode.SINK_AUTHENTICATION_FAILED, who + ": Kafka refused the credentials (" + t.getMessage()
                        + "). Check properties.security.protocol, properties.sasl.mechanism and properties.sasl.jaas.config.", failure);
            }
            if (t instanceof InvalidTxnTimeoutException) {
                return new TributaryException(ErrorCode.CONFIG_INVALID, who + ": the brokers refuse properties.transaction.timeout.ms = "
                        + config.transactionTimeoutMillis() + " ms (" + t.getMessage() + "). Lower it to at most the brokers'"
                        + " transaction.max.timeout.ms (default 900000), or raise that broker setting.", failure);
            }
            if (t instanceof ProducerFencedException) {
                return new TributaryException(ErrorCode.SINK_WRITE_FAILED, who + ": another producer took over transactional id prefix "
                        + config.transactionalIdPrefix() + " (" + t.getMessage() + "). Two pipelines must not share"
                        + " sink.transactional-id-prefix; give each its own, and run each pipeline only once.", failure);
            }
            if (t instanceof TimeoutException) {
                return new TributaryException(ErrorCode.SINK_UNREACHABLE, who + where + ": Kafka did not answer in time (" + t.getMessage()
                        + "). Check properties.bootstrap.servers (" + config.bootstrapServers() + "), that the brokers run and that their"
                        + " advertised listeners are reachable from here; the pipeline resumes from its last checkpoint when restarted.", failure);
            }
        }
        return new TributaryException(ErrorCode.SINK_WRITE_FAILED, who + where + " failed: " + failure
                + ". The pipeline resumes from its last checkpoint when restarted.", failure);
    }
}
