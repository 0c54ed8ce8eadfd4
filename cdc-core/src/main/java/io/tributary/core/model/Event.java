package io.tributary.core.model;

/** What flows from sources to sinks: a row change or a schema change of one table. */
public sealed interface Event permits DataChangeEvent, SchemaChangeEvent {
    TableId tableId();

    /** The same event addressed to another table (used by routes). */
    Event withTableId(TableId tableId);
}
