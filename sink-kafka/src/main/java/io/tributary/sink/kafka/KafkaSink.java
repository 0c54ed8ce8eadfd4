package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.SinkRecovery;
import io.tributary.core.spi.ValidationReport;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Writes a pipeline's changes to Kafka topics as Debezium-compatible JSON, exactly once through
 * Kafka transactions committed on checkpoint completion (or at least once, flushed on checkpoint).
 */
public final class KafkaSink implements PipelineSink {
    private static final long serialVersionUID = 1L;

    private final KafkaSinkConfig config;
    private final String pipelineName;

    public KafkaSink(KafkaSinkConfig config, String pipelineName) {
        this.config = requireNonNull(config, "config is null");
        this.pipelineName = requireNonNull(pipelineName, "pipelineName is null");
    }

    public KafkaSinkConfig config() {
        return config;
    }

    @Override
    public ValidationReport validate() {
        return new ValidationReport(KafkaSinkFactory.IDENTIFIER, new KafkaTargetValidator(config).validate());
    }

    @Override
    public Sink<Event> createFlinkSink() {
        return new KafkaFlinkSink(config, pipelineName);
    }

    /** Exactly-once: read_committed consumers never see what a crashed run wrote after its last checkpoint. */
    @Override
    public SinkRecovery recovery() {
        return config.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE ? SinkRecovery.ROLLS_BACK : SinkRecovery.REPLAY_CONVERGES;
    }
}
