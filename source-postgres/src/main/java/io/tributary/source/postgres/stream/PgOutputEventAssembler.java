package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.postgres.PostgresPosition;
import io.tributary.source.postgres.PostgresSnapshotMarker;
import io.tributary.source.postgres.catalog.PostgresTypes;
import io.tributary.source.postgres.stream.ChangeVisibility.Verdict;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns pgoutput (protocol 1) messages into stream records: row changes of captured tables the
 * snapshot does not already hold, schema changes before the first change under a new RELATION,
 * TRUNCATE as a schema event, and the position after each (see {@link PostgresPosition}).
 */
final class PgOutputEventAssembler {
    /** Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01 UTC), in milliseconds. */
    private static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;

    private final String database;
    private final PostgresTypes types;
    private final RelationSchemas schemas;
    private final ChangeVisibility visibility;
    private final TransactionIdWidener xids;
    private final EmittedTransactions emitted = new EmittedTransactions();
    private final PostgresPosition resume;
    private final Map<Integer, PgRelation> relations = new HashMap<>();
    private PostgresPosition position;
    private Transaction transaction;

    /** A transaction between its BEGIN and COMMIT. */
    private static final class Transaction {
        final long commitLsn;
        final long commitMillis;
        final long xid;
        final boolean skipAll;
        final long skipChanges;
        Verdict verdict;
        long changes;

        Transaction(long commitLsn, long commitMillis, long xid, boolean skipAll, long skipChanges) {
            this.commitLsn = commitLsn;
            this.commitMillis = commitMillis;
            this.xid = xid;
            this.skipAll = skipAll;
            this.skipChanges = skipChanges;
        }

        /** Counts the next change; true when it was handled before the restart. */
        boolean nextChangeAlreadyHandled() {
            changes++;
            return skipAll || changes <= skipChanges;
        }
    }

    PgOutputEventAssembler(String database, PostgresTypes types, RelationSchemas schemas, ChangeVisibility visibility, TransactionIdWidener xids,
            PostgresPosition resume) {
        this.database = requireNonNull(database, "database is null");
        this.types = requireNonNull(types, "types is null");
        this.schemas = requireNonNull(schemas, "schemas is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.xids = requireNonNull(xids, "xids is null");
        this.resume = requireNonNull(resume, "resume is null");
        this.position = resume;
    }

    PostgresPosition position() {
        return position;
    }

    boolean inTransaction() {
        return transaction != null;
    }

    /** Decodes one message, adding what it produces to {@code out}. */
    void handle(ByteBuffer message, List<StreamRecord<PostgresPosition>> out) {
        byte type = message.get();
        switch (type) {
            case 'B' -> begin(message);
            case 'C' -> commit(message, out);
            case 'R' -> relation(message);
            case 'I', 'U', 'D' -> change(type, message, out);
            case 'T' -> truncate(message, out);
            case 'Y', 'O', 'M' -> {
                // TYPE (types are looked up by oid when a RELATION needs them), ORIGIN and logical messages carry no row data.
            }
            default -> throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Unexpected pgoutput message type '" + (char) type
                    + "'; the server may speak a newer protocol than version 1");
        }
    }

    /** While no transaction is open: the server has sent everything committed before {@code walEnd}. */
    void idle(long walEnd, List<StreamRecord<PostgresPosition>> out) {
        if (transaction == null && Long.compareUnsigned(walEnd, position.lsn()) > 0) {
            position = PostgresPosition.at(walEnd);
            out.add(StreamRecord.progress(position));
        }
    }

    private void begin(ByteBuffer message) {
        long commitLsn = message.getLong();
        long commitMicros = message.getLong();
        int xid = message.getInt();
        int order = Long.compareUnsigned(commitLsn, resume.lsn());
        transaction = new Transaction(commitLsn, POSTGRES_EPOCH_MILLIS + Math.floorDiv(commitMicros, 1000), xids.widen(xid), order < 0,
                order == 0 ? resume.changesEmitted() : 0);
    }

    private void commit(ByteBuffer message, List<StreamRecord<PostgresPosition>> out) {
        message.get();
        message.getLong();
        long endLsn = message.getLong();
        transaction = null;
        PostgresPosition after = PostgresPosition.at(endLsn);
        if (after.isAfter(position)) {
            position = after;
            out.add(StreamRecord.progress(position));
        }
    }

    /** Whether {@code view} holds every transaction whose changes were returned since it last answered true (see {@link EmittedTransactions}). */
    boolean emittedVisibleIn(PostgresSnapshotMarker view) {
        return emitted.allVisibleIn(view);
    }

    private void relation(ByteBuffer message) {
        int id = message.getInt();
        String namespace = PgOutputBuffer.readString(message);
        String name = PgOutputBuffer.readString(message);
        message.get();
        int count = message.getShort() & 0xffff;
        TableId tableId = TableId.of(database, namespace, name);
        boolean captured = schemas.isCaptured(tableId);
        List<PgRelation.RelationColumn> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            message.get();
            String column = PgOutputBuffer.readString(message);
            long typeOid = message.getInt() & 0xffffffffL;
            int typmod = message.getInt();
            DataType type = captured ? types.map(typeOid, typmod).orElseThrow(() -> unsupportedType(tableId, column, typeOid)) : null;
            columns.add(new PgRelation.RelationColumn(column, typeOid, typmod, type));
        }
        relations.put(id, new PgRelation(tableId, captured, columns));
    }

    private TributaryException unsupportedType(TableId tableId, String column, long typeOid) {
        return new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "Column " + column + " of " + tableId + " now has type "
                + types.type(typeOid).qualifiedName() + ", which the source cannot read. Change the column back to a supported type, or "
                + "exclude the table with tables.exclude and restart the pipeline.");
    }

    private void change(byte type, ByteBuffer message, List<StreamRecord<PostgresPosition>> out) {
        int relationId = message.getInt();
        Transaction tx = requireTransaction();
        if (tx.nextChangeAlreadyHandled()) {
            return;
        }
        PgRelation relation = relation(relationId);
        if (!relation.captured()) {
            return;
        }
        TableId tableId = relation.tableId();
        Verdict verdict = verdict(tx, tableId);
        if (verdict == Verdict.DROP) {
            return;
        }
        Tuples tuples = readTuples(type, message, relation);
        List<SchemaChangeEvent> schemaEvents = schemas.sync(relation);
        for (SchemaChangeEvent event : schemaEvents) {
            out.add(StreamRecord.of(event, position));
        }
        Optional<Object[]> before = tuples.before.map(t -> schemas.toSchemaOrder(tableId, t));
        Optional<Object[]> after = tuples.after.map(t -> schemas.toSchemaOrder(tableId, t));
        Optional<DataChangeEvent> event = switch (type) {
            case 'I' -> Optional.of(DataChangeEvent.insert(tableId, after.orElseThrow(), tx.commitMillis));
            case 'U' -> Optional.of(DataChangeEvent.update(tableId, before, after.orElseThrow(), tx.commitMillis));
            default -> Optional.of(DataChangeEvent.delete(tableId, before.orElseThrow(), tx.commitMillis));
        };
        if (verdict == Verdict.PER_KEY) {
            event = decidePerKey(tx, tableId, event.get());
        }
        PostgresPosition changePosition = new PostgresPosition(tx.commitLsn, tx.changes);
        position = changePosition;
        Optional<SourcePosition> source = Optional.of(sourcePosition(tx));
        if (event.isPresent()) {
            emitted.add(tx.xid);
            out.add(StreamRecord.of(event.get().withSourcePosition(source), changePosition));
        }
    }

    /**
     * Debezium's PostgreSQL position fields: the transaction's commit LSN and its transaction id as
     * the server reports it (32 bits, without the epoch the widened id carries).
     */
    private static SourcePosition sourcePosition(Transaction tx) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lsn", tx.commitLsn);
        fields.put("txId", tx.xid & 0xFFFF_FFFFL);
        return SourcePosition.ofLog(fields);
    }

    /**
     * For a transaction some epochs hold and others do not: emit the change when the chunk holding
     * the key lacks it. An update that moves a row to another key touches two chunks: if the new
     * key's chunk already holds the row but the old key's chunk does not, only the delete of the
     * old key is missing.
     */
    private Optional<DataChangeEvent> decidePerKey(Transaction tx, TableId tableId, DataChangeEvent event) {
        TableSchema schema = schemas.schema(tableId);
        if (visibility.missingFromSnapshot(tx.xid, tableId, schema, event.keyRow())) {
            return Optional.of(event);
        }
        if (event.before().isPresent() && event.after().isPresent()) {
            // Another chunk when the update changed the chunk key; the same chunk again answers as above.
            if (visibility.missingFromSnapshot(tx.xid, tableId, schema, event.before().get())) {
                return Optional.of(DataChangeEvent.delete(tableId, event.before().get(), event.sourceTimestampMillis()));
            }
        }
        return Optional.empty();
    }

    private record Tuples(Optional<Object[]> before, Optional<Object[]> after) {}

    private Tuples readTuples(byte type, ByteBuffer message, PgRelation relation) {
        DataType[] columnTypes = relation.types();
        String[] names = relation.names();
        try {
            Object[] before = null;
            Object[] after = null;
            byte marker = message.get();
            if (type != 'I' && (marker == 'K' || marker == 'O')) {
                before = PgOutputBuffer.readTuple(message, columnTypes, names);
                if (type == 'U') {
                    marker = message.get();
                }
            }
            if (type != 'D') {
                if (marker != 'N') {
                    throw new IllegalStateException("expected a new tuple, got '" + (char) marker + "'");
                }
                after = PgOutputBuffer.readTuple(message, columnTypes, names);
            }
            return new Tuples(Optional.ofNullable(before), Optional.ofNullable(after));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not decode a change of " + relation.tableId() + ": " + e.getMessage()
                    + ". Exclude the table with tables.exclude if it holds values the source cannot represent.", e);
        }
    }

    private void truncate(ByteBuffer message, List<StreamRecord<PostgresPosition>> out) {
        int count = message.getInt();
        message.get();
        Transaction tx = requireTransaction();
        for (int i = 0; i < count; i++) {
            int relationId = message.getInt();
            if (tx.nextChangeAlreadyHandled()) {
                continue;
            }
            PgRelation relation = relation(relationId);
            PostgresPosition after = new PostgresPosition(tx.commitLsn, tx.changes);
            position = after;
            if (!relation.captured() || !truncateMissingFromSnapshot(tx, relation.tableId())) {
                continue;
            }
            for (SchemaChangeEvent event : schemas.sync(relation)) {
                out.add(StreamRecord.of(event, after));
            }
            TableId tableId = relation.tableId();
            emitted.add(tx.xid);
            out.add(StreamRecord.of(new SchemaChangeEvent(tableId, new SchemaChange.TruncateTable(), schemas.schema(tableId)), after));
        }
    }

    private boolean truncateMissingFromSnapshot(Transaction tx, TableId tableId) {
        Verdict verdict = verdict(tx, tableId);
        if (verdict != Verdict.PER_KEY) {
            return verdict == Verdict.EMIT;
        }
        if (visibility.readAsOneChunk(tableId)) {
            return visibility.wholeTableMissingFromSnapshot(tx.xid, tableId);
        }
        throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Table " + tableId + " was truncated while its snapshot was being read "
                + "across a restart: some of its chunks were read before the TRUNCATE and some after, which no single change can "
                + "reconcile. Start the pipeline again from an empty state directory (and an emptied target table) to snapshot it afresh.");
    }

    /** The transaction's verdict for one table: EMIT for a table the snapshot did not read, which holds none of its changes. */
    private Verdict verdict(Transaction tx, TableId tableId) {
        if (tx.verdict == null) {
            tx.verdict = visibility.classify(tx.xid);
        }
        return tx.verdict == Verdict.EMIT || visibility.readBySnapshot(tableId) ? tx.verdict : Verdict.EMIT;
    }

    private PgRelation relation(int relationId) {
        PgRelation relation = relations.get(relationId);
        if (relation == null) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "pgoutput sent a change of relation " + relationId + " before describing it");
        }
        return relation;
    }

    private Transaction requireTransaction() {
        if (transaction == null) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "pgoutput sent a change outside a transaction");
        }
        return transaction;
    }
}
