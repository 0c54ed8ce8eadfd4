package io.tributary.core.model;

/**
 * Stands in a row image for a value the source did not send because it did not change (e.g. a
 * PostgreSQL TOAST column untouched by an update). Sinks keep the target's current value.
 */
public enum UnchangedValue {
    INSTANCE;

    @Override
    public String toString() {
        return "<unchanged>";
    }
}
