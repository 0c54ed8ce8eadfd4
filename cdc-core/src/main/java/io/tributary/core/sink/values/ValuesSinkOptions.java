package io.tributary.core.sink.values;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of a {@code type: values} sink block, with the names of Flink CDC's values sink. */
public final class ValuesSinkOptions {
    public static final ConfigOption<Boolean> PRINT_ENABLED = ConfigOptions.key("print.enabled").booleanType().defaultValue(true)
            .withDescription("Print every event to standard output, one line each; false discards them.");

    public static final ConfigOption<Boolean> ERROR_ON_SCHEMA_CHANGE = ConfigOptions.key("error.on.schema.change").booleanType()
            .defaultValue(false)
            .withDescription("Fail the pipeline on a schema change other than a table's creation, to try out how a pipeline reacts "
                    + "to a sink that refuses one.");

    public static final ConfigOption<Boolean> MATERIALIZED_IN_MEMORY = ConfigOptions.key("materialized.in.memory").booleanType()
            .defaultValue(false)
            .withDescription("Flink CDC: keep the tables in memory for its own tests to read.");

    public static final ConfigOption<String> SINK_API = ConfigOptions.key("sink.api").stringType().defaultValue("SINK_V2")
            .withDescription("Flink CDC: SINK_V2 or SINK_FUNCTION, the Flink sink interface it builds on.");

    private ValuesSinkOptions() {}
}
