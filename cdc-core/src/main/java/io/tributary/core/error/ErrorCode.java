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
    STATE_INCOMPATIBLE,
    INTERNAL
}
