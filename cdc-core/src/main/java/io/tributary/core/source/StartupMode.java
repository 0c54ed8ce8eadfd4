package io.tributary.core.source;

import java.util.Locale;

/** How a source starts ({@code scan.startup.mode}). */
public enum StartupMode {
    /** Snapshot the captured tables, then stream changes from where the snapshot left off. */
    INITIAL("initial"),
    /** Skip the snapshot; stream changes committed from now on. */
    LATEST_OFFSET("latest-offset"),
    /** Skip the snapshot; stream from the oldest change the server still holds. */
    EARLIEST_OFFSET("earliest-offset"),
    /** Skip the snapshot; stream from a log position the source's options name. */
    SPECIFIC_OFFSET("specific-offset"),
    /** Skip the snapshot; stream changes committed at or after a time the source's options name. */
    TIMESTAMP("timestamp"),
    /** Snapshot the captured tables, then finish. */
    SNAPSHOT("snapshot");

    private final String optionValue;

    StartupMode(String optionValue) {
        this.optionValue = optionValue;
    }

    public String optionValue() {
        return optionValue;
    }

    public boolean snapshots() {
        return this == INITIAL || this == SNAPSHOT;
    }

    public boolean streams() {
        return this != SNAPSHOT;
    }

    /** Parses the option value; throws with the valid values listed. */
    public static StartupMode fromOptionValue(String value) {
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        for (StartupMode mode : values()) {
            if (mode.optionValue.equals(normalized)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown scan.startup.mode '" + value + "'; valid values: initial, latest-offset, "
                + "earliest-offset, specific-offset, timestamp, snapshot");
    }
}
