package io.tributary.core.transform;

/** What {@code converter-after-transform} may name: a change applied to row changes after projection and filter. */
public enum ConverterAfterTransform {
    /**
     * A delete becomes an update of the row to its last values, with the metadata columns
     * {@code __data_event_type__} / {@code __op_type__} set to {@code -D}: the target keeps the row, marked deleted.
     */
    SOFT_DELETE
}
