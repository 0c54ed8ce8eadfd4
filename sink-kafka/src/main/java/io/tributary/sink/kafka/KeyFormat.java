package io.tributary.sink.kafka;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/** How record keys (the primary key) are encoded; the option value is the lower-case name, as Flink CDC's {@code key.format}. */
public enum KeyFormat implements DescribedEnum {
    JSON("json", "The primary key as a JSON object, e.g. {\"id\":7,\"region\":\"eu\"}."),
    CSV("csv", "The primary-key values as one CSV line in key column order, e.g. 7,eu.");

    private final String value;
    private final String description;

    KeyFormat(String value, String description) {
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
