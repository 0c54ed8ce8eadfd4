package io.tributary.sink.kafka;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/** The sink's delivery guarantee; the option value is the lower-case, dashed name. */
public enum DeliveryGuarantee implements DescribedEnum {
    EXACTLY_ONCE("exactly-once", "Kafka transactions committed on checkpoint completion."),
    AT_LEAST_ONCE("at-least-once", "Records flushed on every checkpoint; may repeat after a restart."),
    NONE("none", "Records sent without waiting for them at checkpoints; a failure may lose or repeat some (Flink CDC's 'none').");

    private final String value;
    private final String description;

    DeliveryGuarantee(String value, String description) {
        this.value = value;
        this.description = description;
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return TextElement.text(description);
    }

    org.apache.flink.connector.base.DeliveryGuarantee toFlink() {
        return switch (this) {
            case EXACTLY_ONCE -> org.apache.flink.connector.base.DeliveryGuarantee.EXACTLY_ONCE;
            case AT_LEAST_ONCE -> org.apache.flink.connector.base.DeliveryGuarantee.AT_LEAST_ONCE;
            case NONE -> org.apache.flink.connector.base.DeliveryGuarantee.NONE;
        };
    }
}
