package io.tributary.source.oracle.stream;

import io.debezium.config.Configuration;
import io.debezium.document.DocumentReader;
import io.debezium.document.DocumentWriter;
import io.debezium.relational.history.AbstractSchemaHistory;
import io.debezium.relational.history.HistoryRecord;
import io.debezium.relational.history.HistoryRecordComparator;
import io.debezium.relational.history.SchemaHistoryException;
import io.debezium.relational.history.SchemaHistoryListener;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The connector's {@code schema.history.internal}: keeps the history records in the
 * {@link SchemaHistoryRecords} named by {@value #HANDLE_PROPERTY}, so the source checkpoints the
 * schema with its offsets. The connector creates it by class name, so the records reach it
 * through {@link #OWNERS}.
 */
public class OwnedSchemaHistory extends AbstractSchemaHistory {
    /** The engine property naming the registered {@link SchemaHistoryRecords}. */
    public static final String HANDLE_PROPERTY = "schema.history.internal.tributary.handle";

    /** Where sources register their history before starting an engine (and remove it after it stops). */
    public static final HandleRegistry<SchemaHistoryRecords> OWNERS = new HandleRegistry<>("schema history owner");

    private SchemaHistoryRecords records;

    /** Called by the connector, which creates the history by class name. */
    public OwnedSchemaHistory() {}

    @Override
    public void configure(Configuration config, HistoryRecordComparator comparator, SchemaHistoryListener listener, boolean useCatalogBeforeSchema) {
        super.configure(config, comparator, listener, useCatalogBeforeSchema);
        String handle = config.getString(HANDLE_PROPERTY);
        if (handle == null || handle.isBlank()) {
            throw new SchemaHistoryException(getClass().getSimpleName() + " needs engine property " + HANDLE_PROPERTY);
        }
        records = OWNERS.lookup(handle);
    }

    @Override
    protected void storeRecord(HistoryRecord record) {
        try {
            records.append(DocumentWriter.defaultWriter().write(record.document()));
        } catch (IOException e) {
            throw new SchemaHistoryException("Cannot write schema history record " + record, e);
        }
    }

    @Override
    protected void recoverRecords(Consumer<HistoryRecord> consumer) {
        for (String json : records.records()) {
            try {
                consumer.accept(new HistoryRecord(DocumentReader.defaultReader().read(json)));
            } catch (IOException e) {
                throw new SchemaHistoryException("A checkpointed schema history record is not valid JSON: " + json, e);
            }
        }
    }

    @Override
    public boolean storageExists() {
        return true;
    }

    @Override
    public boolean exists() {
        return !records.isEmpty();
    }

    @Override
    public String toString() {
        return "Tributary-owned schema history";
    }
}
