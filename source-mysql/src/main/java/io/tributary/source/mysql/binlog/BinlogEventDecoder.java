package io.tributary.source.mysql.binlog;

import static java.util.Objects.requireNonNull;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.mysql.BinlogPosition;
import io.tributary.source.mysql.catalog.ServerFlavor;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the binlog's events, in order, into stream records: row changes of captured tables,
 * schema changes from DDL, and a progress record at every commit.
 *
 * <p>Positions are transaction starts plus the number of captured row changes already emitted in
 * that transaction, so a restart resumes inside a large transaction without repeating a row.
 * Only the replication client's thread calls {@link #decode}.
 */
final class BinlogEventDecoder {
    /** Where decoded records go; may block while the pipeline is behind. */
    @FunctionalInterface
    interface Output {
        void put(StreamRecord<BinlogPosition> record) throws InterruptedException;
    }

    private final BinlogSchemaTracker schemas;
    private final SnapshotChunkFilter snapshot;
    private final Optional<Long> notBeforeMillis;
    private final Output output;
    private final GtidSet gtids;
    private String file;
    /** Read by the pipeline's thread too, to say where a failure happened. */
    private volatile BinlogPosition transactionStart;
    private String transactionGtid;
    private long rowsInTransaction;
    private long rowsToSkip;
    private boolean inTransaction;
    private boolean groupIsStatement;

    BinlogEventDecoder(BinlogPosition start, ServerFlavor flavor, BinlogSchemaTracker schemas, SnapshotChunkFilter snapshot,
            Optional<Long> notBeforeMillis, Output output) {
        this.schemas = requireNonNull(schemas, "schemas is null");
        this.snapshot = requireNonNull(snapshot, "snapshot is null");
        this.notBeforeMillis = requireNonNull(notBeforeMillis, "notBeforeMillis is null");
        this.output = requireNonNull(output, "output is null");
        String startGtids = start.gtidSet().orElse("");
        this.gtids = requireNonNull(flavor, "flavor is null") == ServerFlavor.MARIADB ? new MariadbGtidSet(startGtids) : new GtidSet(startGtids);
        this.file = start.file();
        this.transactionStart = start;
        this.rowsToSkip = start.rowsToSkip();
    }

    /** The start of the transaction being decoded (or the position after the last commit). */
    BinlogPosition position() {
        return transactionStart;
    }

    void decode(Event event) throws InterruptedException {
        EventHeaderV4 header = event.getHeader();
        switch (header.getEventType()) {
            case ROTATE -> file = ((RotateEventData) event.getData()).getBinlogFilename();
            // MySQL: a GTID, then BEGIN and row events up to an XID, or a single statement (DDL).
            case GTID -> beginTransaction(header, ((GtidEventData) event.getData()).getGtid(), true);
            // MariaDB: the GTID event opens the group itself and flags a single statement as standalone.
            case MARIADB_GTID -> {
                MariadbGtidEventData data = event.getData();
                beginTransaction(header, data.getDomainId() + "-" + data.getServerId() + "-" + data.getSequence(),
                        (data.getFlags() & MariadbGtidEventData.FL_STANDALONE) != 0);
            }
            case QUERY -> onQuery(header, event.getData());
            case TABLE_MAP -> schemas.onTableMap(event.getData());
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData data = event.getData();
                for (Serializable[] row : data.getRows()) {
                    onRow(header, data.getTableId(), Optional.empty(), Optional.of(row));
                }
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData data = event.getData();
                for (Map.Entry<Serializable[], Serializable[]> row : data.getRows()) {
                    onRow(header, data.getTableId(), Optional.of(row.getKey()), Optional.of(row.getValue()));
                }
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData data = event.getData();
                for (Serializable[] row : data.getRows()) {
                    onRow(header, data.getTableId(), Optional.of(row), Optional.empty());
                }
            }
            case XID -> commit(header);
            default -> {
                // FORMAT_DESCRIPTION, HEARTBEAT, PREVIOUS_GTIDS, ANNOTATE_ROWS, ...: nothing to emit.
            }
        }
    }

    private void beginTransaction(EventHeaderV4 header, String gtid, boolean statement) {
        transactionStart = new BinlogPosition(file, header.getPosition(), currentGtids());
        transactionGtid = gtid;
        rowsInTransaction = 0;
        inTransaction = true;
        groupIsStatement = statement;
    }

    private void onQuery(EventHeaderV4 header, QueryEventData data) throws InterruptedException {
        String sql = data.getSql().trim();
        if (sql.equalsIgnoreCase("BEGIN")) {
            if (inTransaction) {
                groupIsStatement = false;
            } else {
                beginTransaction(header, null, false);
            }
            return;
        }
        if (sql.equalsIgnoreCase("COMMIT")) {
            commit(header);
            return;
        }
        if (!inTransaction) {
            beginTransaction(header, null, true);
        }
        Optional<DdlStatement> ddl = DdlStatement.parse(sql, data.getDatabase());
        if (ddl.isPresent()) {
            for (SchemaChangeEvent change : schemas.apply(ddl.get(), sql)) {
                output.put(StreamRecord.of(change, transactionStart.withRowsEmitted(rowsInTransaction)));
            }
        }
        if (groupIsStatement) {
            // A statement group (DDL, GRANT, ...) commits by itself; there is no XID event after it.
            commit(header);
        }
    }

    private void onRow(EventHeaderV4 header, long tableNumber, Optional<Serializable[]> before, Optional<Serializable[]> after)
            throws InterruptedException {
        Optional<BinlogSchemaTracker.CapturedValues> captured = schemas.valuesOf(tableNumber);
        if (captured.isEmpty()) {
            return;
        }
        BinlogValues values = captured.get().values();
        rowsInTransaction++;
        if (rowsToSkip > 0) {
            rowsToSkip--; // emitted before the restart
            return;
        }
        if (notBeforeMillis.isPresent() && header.getTimestamp() < notBeforeMillis.get()) {
            return;
        }
        Optional<Object[]> beforeRow = before.map(values::row);
        Optional<Object[]> afterRow = after.map(values::row);
        Object[] row = afterRow.orElseGet(beforeRow::get);
        if (snapshot.holds(captured.get().tableId(), values.schema(), row, transactionStart)) {
            return;
        }
        output.put(StreamRecord.of(change(captured.get(), header, beforeRow, afterRow), transactionStart.withRowsEmitted(rowsInTransaction)));
    }

    private DataChangeEvent change(BinlogSchemaTracker.CapturedValues table, EventHeaderV4 header, Optional<Object[]> before,
            Optional<Object[]> after) {
        long timestamp = header.getTimestamp();
        DataChangeEvent change = before.isEmpty() ? DataChangeEvent.insert(table.tableId(), after.get(), timestamp)
                : after.isEmpty() ? DataChangeEvent.delete(table.tableId(), before.get(), timestamp)
                : DataChangeEvent.update(table.tableId(), before, after.get(), timestamp);
        return change.withSourcePosition(Optional.of(sourcePosition(header)));
    }

    /** Debezium's MySQL position fields: the transaction's file and offset, its GTID, the origin server and the row in it. */
    private SourcePosition sourcePosition(EventHeaderV4 header) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("file", transactionStart.file());
        fields.put("pos", transactionStart.position());
        if (transactionGtid != null) {
            fields.put("gtid", transactionGtid);
        }
        fields.put("server_id", header.getServerId());
        fields.put("row", rowsInTransaction - 1);
        return SourcePosition.ofLog(fields);
    }

    private void commit(EventHeaderV4 header) throws InterruptedException {
        if (transactionGtid != null) {
            gtids.add(transactionGtid);
        }
        inTransaction = false;
        transactionGtid = null;
        rowsToSkip = 0;
        transactionStart = new BinlogPosition(file, header.getNextPosition(), currentGtids());
        output.put(StreamRecord.progress(transactionStart));
    }

    private Optional<String> currentGtids() {
        String text = gtids.toString();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }
}
