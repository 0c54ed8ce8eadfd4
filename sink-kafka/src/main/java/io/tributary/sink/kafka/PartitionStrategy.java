package io.tributary.sink.kafka;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/** How records are spread over a topic's partitions; the option value is the lower-case, dashed name. */
public enum PartitionStrategy implements DescribedEnum {
    HASH_BY_KEY("hash-by-key", "The producer hashes the record key (the primary key)."),
    ALL_TO_ZERO("all-to-zero", "Every record goes to partition 0.");

    private final String value;
    private final String description;

    PartitionStrategy(String value, String description) {
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
}
