package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The connector's schema history as the source owns it: each record as the JSON text Debezium
 * writes, in the order recorded, so the source checkpoints them and hands them back on restore.
 * {@link OwnedSchemaHistory} appends to it and recovers from it; the engine's threads and the
 * source's thread may use it at once.
 */
public final class SchemaHistoryRecords {
    private final List<String> records;

    /** History holding {@code restored}, the records of a checkpoint (empty on a first start). */
    public SchemaHistoryRecords(List<String> restored) {
        this.records = new CopyOnWriteArrayList<>(requireNonNull(restored, "restored is null"));
    }

    /** A copy of the records, oldest first, for a checkpoint. */
    public List<String> records() {
        return List.copyOf(records);
    }

    /** Whether any record exists: the engine may then start without capturing the schema again. */
    public boolean isEmpty() {
        return records.isEmpty();
    }

    void append(String record) {
        records.add(requireNonNull(record, "record is null"));
    }
}
