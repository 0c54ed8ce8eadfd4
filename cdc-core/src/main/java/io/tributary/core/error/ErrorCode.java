package io.tributary.core.error;

/** Stable codes for the failures a user can act on; each appears in logs and CLI output. */
public enum ErrorCode {
    CONFIG_INVALID,
    CONFIG_MISSING_OPTION,
    CONFIG_UNKNOWN_OPTION,
    CONFIG_UNRESOLVED_VARIABLE,
    CONNECTOR_UNKNOWN,
    SOURCE_UNREACHABLE,
    SOURCE_AUTHENTICATION_FAILED,
    SOURCE_MISCONFIGURED,
    SOURCE_PRIVILEGE_MISSING,
    SOURCE_NO_TABLES,
    SOURCE_TABLE_UNSUPPORTED,
    SOURCE_TYPE_UNSUPPORTED,
    SOURCE_READ_FAILED,
    /** The change log no longer holds the position a pipeline must resume from (any source). */
    SOURCE_POSITION_LOST,
    SINK_UNREACHABLE,
    SINK_AUTHENTICATION_FAILED,
    SINK_PRIVILEGE_MISSING,
    SINK_WRITE_FAILED,
    SINK_SCHEMA_CHANGE_FAILED,
    /** A source schema change that {@code pipeline.schema.change.behavior: exception} does not allow. */
    SCHEMA_CHANGE_REFUSED,
    STATE_INCOMPATIBLE,
    /** Another process runs the pipeline: its state directory is locked, or its replication slot is in use. */
    STATE_IN_USE,
    /** A command that needs the running pipeline ({@code tributary status}) found it not running, or not answering. */
    PIPELINE_NOT_RUNNING,
    INTERNAL;

    /**
     * Codes that a restart of the job cannot fix: the pipeline file, the grants or settings on a
     * server, or the saved state must change first, so the job ends at once instead of restarting.
     * Outages ({@code *_UNREACHABLE}) and failures that may be passing ({@code *_READ_FAILED},
     * {@code SINK_WRITE_FAILED}, {@code SOURCE_MISCONFIGURED} such as "no free connection slot",
     * {@code INTERNAL}) stay restartable, bounded by the restart strategy.
     */
    private static final java.util.Set<ErrorCode> FATAL = java.util.EnumSet.of(
            CONFIG_INVALID, CONFIG_MISSING_OPTION, CONFIG_UNKNOWN_OPTION, CONFIG_UNRESOLVED_VARIABLE, CONNECTOR_UNKNOWN,
            SOURCE_AUTHENTICATION_FAILED, SOURCE_PRIVILEGE_MISSING, SOURCE_NO_TABLES, SOURCE_TABLE_UNSUPPORTED, SOURCE_TYPE_UNSUPPORTED,
            SOURCE_POSITION_LOST,
            SINK_AUTHENTICATION_FAILED, SINK_PRIVILEGE_MISSING, SINK_SCHEMA_CHANGE_FAILED, SCHEMA_CHANGE_REFUSED,
            STATE_INCOMPATIBLE, STATE_IN_USE);

    /** True when restarting the job cannot fix a failure with this code. */
    public boolean isFatal() {
        return FATAL.contains(this);
    }
}
