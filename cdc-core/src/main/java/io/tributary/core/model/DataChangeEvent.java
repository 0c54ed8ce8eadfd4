package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One row change. Row values follow the column order of the table's schema at the time of the
 * change; their Java classes are those of {@link TypeKind#javaClass()}. READ and INSERT carry
 * only an after image, DELETE only a before image, UPDATE an after image and, where the source
 * provides it, a before image.
 */
public final class DataChangeEvent implements Event {
    private final TableId tableId;
    private final Operation operation;
    private final Object[] before;
    private final Object[] after;
    private final long sourceTimestampMillis;
    private final SourcePosition sourcePosition;

    private DataChangeEvent(TableId tableId, Operation operation, Object[] before, Object[] after, long sourceTimestampMillis) {
        this(tableId, operation, before, after, sourceTimestampMillis, null);
    }

    private DataChangeEvent(TableId tableId, Operation operation, Object[] before, Object[] after, long sourceTimestampMillis,
            SourcePosition sourcePosition) {
        this.tableId = requireNonNull(tableId, "tableId is null");
        this.operation = requireNonNull(operation, "operation is null");
        this.before = before;
        this.after = after;
        this.sourceTimestampMillis = sourceTimestampMillis;
        this.sourcePosition = sourcePosition;
        switch (operation) {
            case READ, INSERT -> {
                requireNonNull(after, "after is null");
                if (before != null) {
                    throw new IllegalArgumentException(operation + " has no before image");
                }
            }
            case UPDATE -> requireNonNull(after, "after is null");
            case DELETE -> {
                requireNonNull(before, "before is null");
                if (after != null) {
                    throw new IllegalArgumentException("DELETE has no after image");
                }
            }
        }
    }

    public static DataChangeEvent read(TableId tableId, Object[] after, long sourceTimestampMillis) {
        return new DataChangeEvent(tableId, Operation.READ, null, after, sourceTimestampMillis);
    }

    public static DataChangeEvent insert(TableId tableId, Object[] after, long sourceTimestampMillis) {
        return new DataChangeEvent(tableId, Operation.INSERT, null, after, sourceTimestampMillis);
    }

    /** An update; {@code before} may be absent when the source only logs the key or nothing. */
    public static DataChangeEvent update(TableId tableId, Optional<Object[]> before, Object[] after, long sourceTimestampMillis) {
        return new DataChangeEvent(tableId, Operation.UPDATE, before.orElse(null), after, sourceTimestampMillis);
    }

    public static DataChangeEvent delete(TableId tableId, Object[] before, long sourceTimestampMillis) {
        return new DataChangeEvent(tableId, Operation.DELETE, before, null, sourceTimestampMillis);
    }

    /** Rebuilds an event from its parts; used by serializers. */
    public static DataChangeEvent of(TableId tableId, Operation operation, Optional<Object[]> before, Optional<Object[]> after, long sourceTimestampMillis) {
        return new DataChangeEvent(tableId, operation, before.orElse(null), after.orElse(null), sourceTimestampMillis);
    }

    /** This change with where the source read it (or without, when empty). */
    public DataChangeEvent withSourcePosition(Optional<SourcePosition> position) {
        return new DataChangeEvent(tableId, operation, before, after, sourceTimestampMillis, position.orElse(null));
    }

    @Override
    public TableId tableId() {
        return tableId;
    }

    public Operation operation() {
        return operation;
    }

    public Optional<Object[]> before() {
        return Optional.ofNullable(before);
    }

    public Optional<Object[]> after() {
        return Optional.ofNullable(after);
    }

    /** The after image if present, else the before image: the row that identifies the key. */
    public Object[] keyRow() {
        return after != null ? after : before;
    }

    /** When the change was committed at the source (the snapshot's read time for READ). */
    /**
     * Roughly how many bytes of heap this change holds: its row images' values, counted by type
     * (strings two bytes a character, byte arrays their length), plus a fixed overhead. For bounding
     * queues by memory rather than by count; never exact.
     */
    public long estimatedBytes() {
        return 96 + estimatedBytes(before) + estimatedBytes(after);
    }

    private static long estimatedBytes(Object[] row) {
        if (row == null) {
            return 0;
        }
        long bytes = 16L + 8L * row.length;
        for (Object value : row) {
            if (value instanceof String text) {
                bytes += 40 + 2L * text.length();
            } else if (value instanceof byte[] data) {
                bytes += 16 + data.length;
            } else if (value != null) {
                bytes += 32;
            }
        }
        return bytes;
    }

    public long sourceTimestampMillis() {
        return sourceTimestampMillis;
    }

    /** Where the source read the change, when the source says so. */
    public Optional<SourcePosition> sourcePosition() {
        return Optional.ofNullable(sourcePosition);
    }

    @Override
    public DataChangeEvent withTableId(TableId newTableId) {
        return new DataChangeEvent(newTableId, operation, before, after, sourceTimestampMillis, sourcePosition);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataChangeEvent that
                && tableId.equals(that.tableId)
                && operation == that.operation
                && sourceTimestampMillis == that.sourceTimestampMillis
                && Objects.equals(sourcePosition, that.sourcePosition)
                && Arrays.deepEquals(before, that.before)
                && Arrays.deepEquals(after, that.after);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * tableId.hashCode() + operation.hashCode()) + Arrays.deepHashCode(keyRow());
    }

    @Override
    public String toString() {
        return operation + " " + tableId + " before=" + Arrays.deepToString(before) + " after=" + Arrays.deepToString(after);
    }
}
