package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import io.debezium.data.Envelope;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import java.time.DateTimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns the records of Debezium's Oracle connector into Tributary's events. A record whose value
 * is a change envelope ({@code before}, {@code after}, {@code source}, {@code op}) becomes one event
 * of the table {@code source.db}.{@code source.schema}.{@code source.table}: {@code c} an INSERT,
 * {@code u} an UPDATE (with its before image when the table logs one), {@code d} a DELETE, and
 * {@code t} a {@link SchemaChange.TruncateTable}, as the other sources report TRUNCATE. {@code r}
 * (a snapshot read) is refused: the engine never snapshots rows, the source's own snapshot does.
 * Heartbeats, transaction markers, schema-change records and tombstones carry no event.
 *
 * <p>Values are converted by {@link ConnectValues}, so they equal the snapshot's for the same
 * Oracle value. Each event carries its commit time ({@code source.commit_ts_ms}, else
 * {@code source.ts_ms}) and its redo position fields ({@code scn}, {@code commit_scn},
 * {@code txId}, {@code txSeq}) as its {@link SourcePosition}.
 */
public final class ChangeRecordDecoder {
    private final Optional<String> database;
    private final Function<TableId, Optional<StreamTable>> tables;

    /** @param tables the captured tables' current schemas, by table id ({@code source.db} naming the container) */
    public ChangeRecordDecoder(Function<TableId, Optional<StreamTable>> tables) {
        this.database = Optional.empty();
        this.tables = requireNonNull(tables, "tables is null");
    }

    /**
     * @param database how table ids name the container, whatever {@code source.db} calls it (the
     *     connector names it by its service or pluggable database, in its own case)
     * @param tables the captured tables' current schemas, by table id
     */
    public ChangeRecordDecoder(String database, Function<TableId, Optional<StreamTable>> tables) {
        this.database = Optional.of(requireNonNull(database, "database is null"));
        this.tables = requireNonNull(tables, "tables is null");
    }

    /** The event {@code record} carries, if any, with its offset and redo position. */
    public DecodedRecord decode(SourceRecord record) {
        requireNonNull(record, "record is null");
        EngineOffset offset = EngineOffset.of(record.sourceOffset() == null ? Map.of() : record.sourceOffset());
        if (!(record.value() instanceof Struct envelope) || !isChangeEnvelope(envelope.schema())) {
            return DecodedRecord.withoutEvent(offset);
        }
        Struct source = envelope.getStruct(Envelope.FieldName.SOURCE);
        TableId tableId = TableId.of(database.orElseGet(() -> source.getString("db")), source.getString("schema"), source.getString("table"));
        StreamTable table = tables.apply(tableId).orElseThrow(() -> new TributaryException(ErrorCode.SOURCE_READ_FAILED,
                "The log reader delivered a change to " + tableId + ", which the source does not capture or has no schema for. "
                        + "This is a bug in Tributary's oracle source: report it with the pipeline's tables option."));
        Optional<String> commitScn = Optional.ofNullable(optionalString(source, "commit_scn"));
        Optional<String> transactionId = Optional.ofNullable(optionalString(source, "txId"));
        Long sequence = optionalLong(source, "txSeq");
        OptionalLong transactionSequence = sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence);
        Event event = event(envelope, tableId, table, commitTimeMillis(source));
        if (event instanceof DataChangeEvent change) {
            event = change.withSourcePosition(Optional.of(position(source)));
        }
        return new DecodedRecord(Optional.of(event), offset, commitScn, transactionId, transactionSequence);
    }

    private static boolean isChangeEnvelope(Schema schema) {
        return Envelope.isEnvelopeSchema(schema) && schema.field(Envelope.FieldName.OPERATION) != null
                && schema.field(Envelope.FieldName.SOURCE) != null;
    }

    private static Event event(Struct envelope, TableId tableId, StreamTable table, long commitTimeMillis) {
        String op = envelope.getString(Envelope.FieldName.OPERATION);
        Struct before = envelope.getStruct(Envelope.FieldName.BEFORE);
        Struct after = envelope.getStruct(Envelope.FieldName.AFTER);
        return switch (op) {
            case "c" -> DataChangeEvent.insert(tableId, row(tableId, table, image(after, op, "after", tableId)), commitTimeMillis);
            case "u" -> DataChangeEvent.update(tableId, Optional.ofNullable(before).map(image -> row(tableId, table, image)),
                    row(tableId, table, image(after, op, "after", tableId)), commitTimeMillis);
            case "d" -> DataChangeEvent.delete(tableId, row(tableId, table, image(before, op, "before", tableId)), commitTimeMillis);
            case "t" -> new SchemaChangeEvent(tableId, new SchemaChange.TruncateTable(), table.schema());
            case "r" -> throw new TributaryException(ErrorCode.INTERNAL, "The log reader delivered a snapshot row of " + tableId
                    + ", but it runs without a data snapshot (snapshot.mode no_data or recovery): the source reads rows in its own "
                    + "snapshot. This is a bug in Tributary's oracle source: report it.");
            default -> throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The log reader delivered a change to " + tableId
                    + " with operation '" + op + "', which Tributary's oracle source does not know. Report it with the Debezium version.");
        };
    }

    private static Struct image(Struct image, String op, String name, TableId tableId) {
        if (image == null) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The log reader delivered a change to " + tableId + " with operation '"
                    + op + "' but no " + name + " image. Report it with the Debezium version.");
        }
        return image;
    }

    private static Object[] row(TableId tableId, StreamTable table, Struct image) {
        List<Field> fields = image.schema().fields();
        List<Column> columns = table.schema().columns();
        if (!fields.stream().map(Field::name).toList().equals(table.schema().columnNames())) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "A change to " + tableId + " has the columns "
                    + fields.stream().map(Field::name).toList() + ", but the source's schema of the table has " + table.schema().columnNames()
                    + ": the table changed and the source did not follow. Restart the pipeline from its last checkpoint; if this happens "
                    + "again, report it with the table's DDL history.");
        }
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            Field field = fields.get(i);
            try {
                row[i] = ConnectValues.toModel(columns.get(i).type(), table.isYearToMonthInterval(i), field.schema(), image.get(field));
            } catch (IllegalArgumentException | ClassCastException | DateTimeException e) {
                throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Column " + columns.get(i).name() + " (" + table.oracleTypes().get(i)
                        + ") of a change to " + tableId + " has a value the source cannot read: " + e.getMessage()
                        + ". Report it with the column's type and value.", e);
            }
        }
        return row;
    }

    private static long commitTimeMillis(Struct source) {
        Long commit = optionalLong(source, "commit_ts_ms");
        return commit != null ? commit : source.getInt64(Envelope.FieldName.TIMESTAMP);
    }

    private static SourcePosition position(Struct source) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : List.of("scn", "commit_scn", "txId")) {
            String value = optionalString(source, name);
            if (value != null) {
                fields.put(name, value);
            }
        }
        Long sequence = optionalLong(source, "txSeq");
        if (sequence != null) {
            fields.put("txSeq", sequence);
        }
        return SourcePosition.ofLog(fields);
    }

    private static String optionalString(Struct struct, String name) {
        return struct.schema().field(name) == null ? null : struct.getString(name);
    }

    private static Long optionalLong(Struct struct, String name) {
        return struct.schema().field(name) == null ? null : struct.getInt64(name);
    }
}
