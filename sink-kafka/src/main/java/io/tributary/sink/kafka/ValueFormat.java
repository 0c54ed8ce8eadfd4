package io.tributary.sink.kafka;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/** How record values are encoded; the option value is the lower-case, dashed name. */
public enum ValueFormat implements DescribedEnum {
    DEBEZIUM_JSON("debezium-json", "Debezium's change envelope: before, after, op, ts_ms, source."),
    CANAL_JSON("canal-json", "Canal's flat message: data, old, type, database, table, pkNames, es, ts, sqlType, mysqlType."),
    JSON("json", "The row image (after; before for deletes, with __deleted=true).");

    private final String value;
    private final String description;

    ValueFormat(String value, String description) {
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
