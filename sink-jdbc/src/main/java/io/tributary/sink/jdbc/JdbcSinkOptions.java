package io.tributary.sink.jdbc;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of a {@code type: jdbc} sink block; the descriptions feed help and validation. */
public final class JdbcSinkOptions {
    /** Keys starting with this prefix go to the JDBC driver with the prefix removed. */
    public static final String DRIVER_PROPERTIES_PREFIX = "properties.";

    public static final ConfigOption<String> URL = ConfigOptions.key("url")
            .stringType()
            .noDefaultValue()
            .withDescription("JDBC URL of the target database: jdbc:postgresql://host:port/database, "
                    + "jdbc:mysql://host:port/database or jdbc:mariadb://host:port/database.");

    public static final ConfigOption<String> USERNAME = ConfigOptions.key("username")
            .stringType()
            .noDefaultValue()
            .withDescription("User name for the target database.");

    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password")
            .stringType()
            .noDefaultValue()
            .withDescription("Password for the target database; use ${ENV_VAR} to keep it out of the file.");

    public static final ConfigOption<Integer> BUFFER_FLUSH_MAX_ROWS = ConfigOptions.key("sink.buffer-flush.max-rows")
            .intType()
            .defaultValue(5000)
            .withDescription("Row changes buffered per writer before they are written in one transaction "
                    + "ahead of the next checkpoint.");

    public static final ConfigOption<Integer> MAX_RETRIES = ConfigOptions.key("sink.max-retries")
            .intType()
            .defaultValue(3)
            .withDescription("How often a write that failed for a transient reason (lost connection, deadlock, "
                    + "serialization failure) is retried, reconnecting first, before the pipeline fails.");

    public static final ConfigOption<Boolean> TABLE_CREATE_ENABLED = ConfigOptions.key("table.create.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription("Create missing target tables (and PostgreSQL schemas / MySQL databases) from the "
                    + "source schema. When false, every target table must exist before the pipeline starts.");

    public static final ConfigOption<Boolean> DROP_TABLE_ENABLED = ConfigOptions.key("schema-change.drop-table.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Drop the target table when its source table is dropped. When false, the drop is "
                    + "logged and the target table and its rows are kept.");

    public static final ConfigOption<Boolean> DROP_COLUMN_ENABLED = ConfigOptions.key("schema-change.drop-column.enabled")
            .booleanType()
            .defaultValue(false)
            .withDescription("Drop the target column when its source column is dropped. When false, the column is kept "
                    + "and made nullable: rows written afterwards leave it NULL (new rows) or unchanged (updates), and "
                    + "writers still on the old schema can keep writing it.");

    private JdbcSinkOptions() {}
}
