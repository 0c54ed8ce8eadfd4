package io.tributary.core.source.reader;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.StreamRecord;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns fetched elements into events on the reader's main thread and advances split state.
 * Before the first row of a table it emits a CreateTable event with the table's schema, so each
 * sink subtask knows the table before rows from this reader arrive.
 */
final class CdcRecordEmitter<P extends Comparable<P>> implements RecordEmitter<Object, Event, CdcSplitState> {
    private static final Logger LOG = LoggerFactory.getLogger(CdcRecordEmitter.class);

    private final Set<TableId> announced = new HashSet<>();
    /** The last schema a row read again was found to fit, so that the columns are compared once per schema, not per row. */
    private TableSchema fitsReadAgain;
    private final SourceReaderMetrics metrics;

    private final StreamDurability durability;

    CdcRecordEmitter(SourceReaderMetrics metrics, StreamDurability durability) {
        this.metrics = metrics;
        this.durability = durability;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void emitRecord(Object element, SourceOutput<Event> output, CdcSplitState state) {
        if (element instanceof Object[] row) {
            SnapshotSplitState snapshot = (SnapshotSplitState) state;
            TableId table = snapshot.split().tableId();
            announce(table, snapshot.split().schema(), output);
            output.collect(DataChangeEvent.read(table, snapshot.rowValues(row), snapshot.readTimestampMillis()));
            snapshot.rowEmitted(row);
            metrics.emitted(io.tributary.core.model.Operation.READ);
        } else if (element instanceof StreamRecord<?> record) {
            StreamSplitState<P> stream = (StreamSplitState<P>) state;
            if (record.event().isPresent()) {
                emitStreamEvent(record.event().get(), output, stream);
            }
            stream.advance((P) record.positionAfter());
            durability.emitted();
            metrics.position(record.positionAfter());
        } else if (element instanceof ReadAgainRecords.Row row) {
            emitReadAgain(row, output, (StreamSplitState<P>) state);
        } else if (element instanceof ReadAgainRecords.Done done) {
            StreamSplitState<P> stream = (StreamSplitState<P>) state;
            if (isBeingReadAgain(stream, done.requestId(), done.tableId())) {
                String read = stream.readAgainDone();
                if (done.problem().isPresent()) {
                    LOG.warn("Stopped reading {} again (re-snapshot {}) after {}: {}. Its changes keep streaming; ask again once it can be read.",
                            done.tableId(), done.requestId(), read, done.problem().get());
                } else {
                    LOG.info("Read {} again while streaming: {} (re-snapshot {})", done.tableId(), read, done.requestId());
                }
            }
        } else if (element instanceof ChunkReadBesideStream read) {
            ((StreamSplitState<P>) state).partRead(read.part());
        } else if (element instanceof SnapshotChunkStart start) {
            SnapshotSplitState snapshot = (SnapshotSplitState) state;
            snapshot.startReading(start.epoch().epochId(), start.marker(), start.readTimestampMillis());
            if (snapshot.split().truncateBeforeRead() || snapshot.split().chunkKey().isNone()) {
                // A table without a chunk key is one chunk that cannot be resumed or deduplicated by key:
                // the sink empties it before every (re)read so the copy never holds a row twice.
                TableId table = snapshot.split().tableId();
                announce(table, snapshot.split().schema(), output);
                output.collect(new SchemaChangeEvent(table, new SchemaChange.TruncateTable(true), snapshot.split().schema()));
            }
        } else {
            throw new IllegalStateException("Unexpected element " + element);
        }
    }

    /**
     * A row of a table read again, with the schema the stream knows the table by now. If the
     * table's columns changed since the request, its rows as read no longer fit: the read stops
     * there, saying so (the rows emitted stay; the stream keeps the table current either way).
     */
    private void emitReadAgain(ReadAgainRecords.Row row, SourceOutput<Event> output, StreamSplitState<P> stream) {
        if (!isBeingReadAgain(stream, row.requestId(), row.tableId())) {
            return; // the rest of a read given up
        }
        TableSchema current = stream.schemas().get(row.tableId());
        TableSchema asRead = stream.readingAgain().orElseThrow().table().schema();
        if (current != fitsReadAgain && (current == null || !current.columnNames().equals(asRead.columnNames()))) {
            LOG.warn("Stopped reading {} again (re-snapshot {}): its columns changed while it was read ({} now, {} when asked). Its rows read"
                    + " so far stay, and its changes keep streaming; ask again with 'tributary snapshot' to read it all under its new columns.",
                    row.tableId(), row.requestId(), current == null ? "dropped" : current.columnNames(), asRead.columnNames());
            stream.readAgainDone();
            return;
        }
        fitsReadAgain = current;
        announce(row.tableId(), current, output);
        output.collect(DataChangeEvent.read(row.tableId(), row.values(), row.readTimestampMillis()));
        stream.rowReadAgain(row.values());
        metrics.emitted(io.tributary.core.model.Operation.READ);
    }

    private static boolean isBeingReadAgain(StreamSplitState<?> stream, long requestId, TableId table) {
        return stream.readingAgain().filter(again -> again.requestId() == requestId && again.table().tableId().equals(table)).isPresent();
    }

    private void emitStreamEvent(Event event, SourceOutput<Event> output, StreamSplitState<P> stream) {
        if (event instanceof SchemaChangeEvent change) {
            stream.schemaChanged(change);
            announced.add(change.tableId());
        } else {
            TableSchema schema = stream.schemas().get(event.tableId());
            if (schema != null) {
                announce(event.tableId(), schema, output);
            }
            DataChangeEvent change = (DataChangeEvent) event;
            metrics.streamed(change.operation(), change.sourceTimestampMillis());
        }
        output.collect(event);
    }

    private void announce(TableId table, TableSchema schema, SourceOutput<Event> output) {
        if (announced.add(table)) {
            output.collect(SchemaChangeEvent.createTable(table, schema));
        }
    }
}
