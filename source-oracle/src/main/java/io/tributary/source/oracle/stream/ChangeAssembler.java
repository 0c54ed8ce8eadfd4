package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.oracle.OracleSnapshotMarker;
import io.tributary.source.oracle.RedoPosition;
import io.tributary.source.oracle.snapshot.RowIdChunkKeyOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns the connector's records, in the order it delivers them, into the stream's records: each
 * change with the position after it, the schema changes a table went through before its first
 * change under a new definition, and records that only move the position (heartbeats, DDL,
 * changes a snapshot chunk already holds).
 *
 * <p>A position orders changes by commit SCN, then by the transaction's place among the commits
 * at that SCN (counted here, as transactions arrive), then by the change's place in its
 * transaction ({@code txSeq}); it carries the connector's offset after the record, which resumes
 * the connector exactly there. Until the connector's low watermark passes the SCN the stream
 * started after, the offsets keep that SCN and the transactions open at it
 * ({@code snapshot_scn}, {@code snapshot_pending_tx}), which the connector itself writes only
 * into its first offsets: a restart before those transactions commit still reads their changes
 * made before that SCN.
 */
public final class ChangeAssembler {
    /** The current definition of a table, from the catalog; empty when it no longer exists. */
    @FunctionalInterface
    public interface Catalog {
        Optional<StreamTable> table(TableId tableId);
    }

    private static final RowIdChunkKeyOrder ROWID_ORDER = new RowIdChunkKeyOrder();
    private static final String SNAPSHOT_SCN = "snapshot_scn";
    private static final String PENDING = "snapshot_pending_tx";

    private final String database;
    private final Map<TableId, StreamTable> tables;
    private final Predicate<TableId> captures;
    private final Catalog catalog;
    private final SnapshotCoverage<OracleSnapshotMarker> coverage;
    private final long oldestMarkerScn;
    private final long newestMarkerScn;
    private final Map<String, Object> handoffKeys;
    private final long handoffScn;
    private final ChangeRecordDecoder decoder;
    private RedoPosition position;
    private String lastTransaction;

    /**
     * @param database how table ids name the tables' container (the first part of 'tables')
     * @param tables the captured tables' definitions as the stream starts
     * @param captures whether a table first met in the stream is captured
     * @param catalog the tables' current definitions
     * @param coverage which snapshot chunk, read as of which SCN, holds a row
     * @param start where the stream starts, with the connector's offset there
     */
    public ChangeAssembler(String database, Map<TableId, StreamTable> tables, Predicate<TableId> captures, Catalog catalog,
            SnapshotCoverage<OracleSnapshotMarker> coverage, RedoPosition start) {
        this.database = requireNonNull(database, "database is null");
        this.tables = new HashMap<>(requireNonNull(tables, "tables is null"));
        this.captures = requireNonNull(captures, "captures is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.coverage = requireNonNull(coverage, "coverage is null");
        this.oldestMarkerScn = coverage.markers().stream().mapToLong(OracleSnapshotMarker::scn).min().orElse(-1);
        this.newestMarkerScn = coverage.markers().stream().mapToLong(OracleSnapshotMarker::scn).max().orElse(-1);
        this.position = requireNonNull(start, "start is null");
        Map<String, Object> startOffset = start.engineOffset().values();
        this.handoffKeys = new LinkedHashMap<>();
        if (startOffset.get(PENDING) != null && startOffset.get(SNAPSHOT_SCN) != null) {
            handoffKeys.put(SNAPSHOT_SCN, startOffset.get(SNAPSHOT_SCN));
            handoffKeys.put(PENDING, startOffset.get(PENDING));
        }
        this.handoffScn = handoffKeys.isEmpty() ? -1 : scn(handoffKeys.get(SNAPSHOT_SCN));
        this.decoder = new ChangeRecordDecoder(database, id -> Optional.ofNullable(this.tables.get(id)));
    }

    /** The position after the last record accepted. */
    public RedoPosition position() {
        return position;
    }

    /** The definition the stream holds for a table now. */
    public Optional<StreamTable> table(TableId tableId) {
        return Optional.ofNullable(tables.get(tableId));
    }

    /** The stream's records for one record of the connector. */
    public List<StreamRecord<RedoPosition>> accept(SourceRecord record) {
        requireNonNull(record, "record is null");
        List<StreamRecord<RedoPosition>> out = new ArrayList<>(1);
        followDefinition(record, out);
        DecodedRecord decoded = decoder.decode(record);
        EngineOffset offset = withHandoffKeys(decoded.offset());
        Optional<Event> event = decoded.event();
        if (event.isEmpty() || decoded.commitScn().isEmpty()) {
            position = position.withEngineOffset(offset);
            out.add(StreamRecord.progress(position));
            return out;
        }
        long commitScn = scn(decoded.commitScn().get());
        String transaction = decoded.transactionId().orElse("");
        int commitIndex = commitScn != position.commitScn() ? 0
                : transaction.equals(lastTransaction) ? position.commitIndex() : position.commitIndex() + 1;
        long sequence = decoded.transactionSequence().orElse(position.changesEmitted() + 1);
        long resume = Math.min(commitScn, offset.values().get("scn") == null ? commitScn : scn(offset.values().get("scn")));
        position = new RedoPosition(resume, Math.max(commitScn, position.commitScn()), commitIndex, sequence, offset);
        lastTransaction = transaction;
        out.add(heldBySnapshot(event.get(), commitScn, rowIdOf(record)) ? StreamRecord.progress(position) : StreamRecord.of(event.get(), position));
        return out;
    }

    /**
     * Before a change made under a definition the stream does not hold (a column added, dropped,
     * renamed or retyped; a table created), the schema changes that bring it there, read from the
     * catalog.
     */
    private void followDefinition(SourceRecord record, List<StreamRecord<RedoPosition>> out) {
        if (!(record.value() instanceof Struct envelope) || envelope.schema().field("source") == null || envelope.schema().field("op") == null) {
            return;
        }
        Struct source = envelope.getStruct("source");
        TableId tableId = TableId.of(database, source.getString("schema"), source.getString("table"));
        Struct image = envelope.schema().field("after") != null && envelope.getStruct("after") != null ? envelope.getStruct("after")
                : envelope.schema().field("before") != null ? envelope.getStruct("before") : null;
        StreamTable known = tables.get(tableId);
        if (known == null) {
            if (!captures.test(tableId)) {
                return; // the decoder reports a table it has no definition for
            }
            StreamTable created = catalog.table(tableId).orElseThrow(() -> gone(tableId));
            tables.put(tableId, created);
            out.add(StreamRecord.of(new SchemaChangeEvent(tableId, new SchemaChange.CreateTable(), created.schema()), position));
            return;
        }
        if (image == null || image.schema().fields().stream().map(Field::name).toList().equals(known.schema().columnNames())) {
            return;
        }
        StreamTable current = catalog.table(tableId).orElseThrow(() -> gone(tableId));
        for (SchemaChangeEvent change : TableEvolution.between(tableId, known.schema(), current.schema())) {
            out.add(StreamRecord.of(change, position));
        }
        tables.put(tableId, current);
    }

    /**
     * Whether a snapshot chunk read as of an SCN at or after the change's commit already holds it:
     * a row change is looked up by its row's chunk; a TRUNCATE is held only when every chunk was
     * read after it.
     */
    private boolean heldBySnapshot(Event event, long commitScn, Optional<String> rowId) {
        if (oldestMarkerScn < 0 || commitScn > newestMarkerScn) {
            return false;
        }
        if (event instanceof DataChangeEvent change) {
            Optional<OracleSnapshotMarker> marker;
            if (coverage.chunkKey(change.tableId()).synthetic()) {
                // A table cut by ROWID: its chunks are found by the row's ROWID, which the log gives with each change.
                marker = rowId.map(id -> coverage.markerFor(change.tableId(), ROWID_ORDER.boundOf(new Object[] {id})))
                        .orElseGet(() -> coverage.markerFor(change.tableId(), new Object[0]));
            } else {
                StreamTable table = tables.get(change.tableId());
                marker = coverage.markerForRow(change.tableId(), table.schema(), change.after().or(change::before).orElseThrow());
            }
            return marker.map(m -> m.holdsCommit(commitScn)).orElse(false);
        }
        return event instanceof SchemaChangeEvent schemaChange && schemaChange.change() instanceof SchemaChange.TruncateTable
                && commitScn <= oldestMarkerScn;
    }

    /** {@code source.row_id}: the ROWID of the changed row, as LogMiner reports it. */
    private static Optional<String> rowIdOf(SourceRecord record) {
        if (record.value() instanceof Struct envelope && envelope.schema().field("source") != null) {
            Struct source = envelope.getStruct("source");
            if (source != null && source.schema().field("row_id") != null) {
                return Optional.ofNullable(source.getString("row_id")).filter(id -> id.length() == 18);
            }
        }
        return Optional.empty();
    }

    private EngineOffset withHandoffKeys(EngineOffset offset) {
        if (handoffKeys.isEmpty() || offset.values().containsKey(PENDING) || offset.values().get("scn") == null
                || scn(offset.values().get("scn")) >= handoffScn) {
            return offset;
        }
        Map<String, Object> values = new LinkedHashMap<>(offset.values());
        values.putAll(handoffKeys);
        return new EngineOffset(values);
    }

    private static long scn(Object value) {
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The log reader reported SCN '" + value + "', which is not a number. "
                    + "Report it with the Debezium version.", e);
        }
    }

    private static TributaryException gone(TableId tableId) {
        return new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The redo log holds a change to " + tableId + ", but the catalog no "
                + "longer describes the table (dropped or renamed since). Its change cannot be read with the current dictionary; "
                + "exclude the table with tables.exclude, or take a new snapshot.");
    }
}
