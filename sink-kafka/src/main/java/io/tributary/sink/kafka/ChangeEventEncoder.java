package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Encodes row changes as Kafka record keys and values. Keys are the primary key as a JSON object
 * ({@code {"id":1}}) or a CSV line ({@link KeyFormat}), absent for tables without one. Values are
 * Debezium's envelope ({@link ValueFormat#DEBEZIUM_JSON}, optionally in its
 * {@code schema}/{@code payload} wrapper), Canal's flat message ({@link ValueFormat#CANAL_JSON}) or
 * the bare row image ({@link ValueFormat#JSON}).
 */
public final class ChangeEventEncoder {
    /** Marks a deleted row in the {@code json} format, as Debezium's new-record-state transform does. */
    static final String DELETED_FIELD = "__deleted";
    static final String CONNECTOR = "tributary";
    private static final Set<String> NAMING_FIELDS = Set.of("db", "schema", "table", "collection");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ValueFormat format;
    private final RecordLayout layout;
    private final String pipelineName;

    /** An encoder with JSON keys and no schema wrapper. */
    public ChangeEventEncoder(ValueFormat format, String pipelineName) {
        this(format, RecordLayout.defaults(), pipelineName);
    }

    public ChangeEventEncoder(ValueFormat format, RecordLayout layout, String pipelineName) {
        this.format = requireNonNull(format, "format is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.pipelineName = requireNonNull(pipelineName, "pipelineName is null");
    }

    /** The record key, or empty when the table has no primary key. */
    public Optional<byte[]> key(DataChangeEvent change, TableSchema schema) {
        if (!schema.hasPrimaryKey()) {
            return Optional.empty();
        }
        Object[] row = change.keyRow();
        ObjectNode key = MAPPER.createObjectNode();
        for (int index : schema.primaryKeyIndexes()) {
            Column column = schema.columns().get(index);
            key.set(column.name(), ColumnValueEncoder.encode(row[index], column.type()));
        }
        return Optional.of(layout.keyFormat() == KeyFormat.CSV ? CsvLine.of(key) : bytes(key));
    }

    /** The record value; {@code nowMillis} becomes the envelope's {@code ts_ms}. */
    public byte[] value(DataChangeEvent change, TableSchema schema, long nowMillis) {
        checkRowWidth(change, schema);
        return bytes(switch (format) {
            case DEBEZIUM_JSON -> layout.includeSchema() ? withSchema(change, schema, envelope(change, schema, nowMillis))
                    : envelope(change, schema, nowMillis);
            case CANAL_JSON -> CanalJsonEncoder.message(change, schema, nowMillis);
            case JSON -> rowImage(change, schema);
        });
    }

    /**
     * Debezium's envelope; for a MongoDB collection ({@link MongoExtendedJson#isDocumentTable}) as
     * its MongoDB connector writes it: {@code before}/{@code after} the document as Extended JSON
     * text, and {@code collection} instead of {@code table} in {@code source}.
     */
    private ObjectNode envelope(DataChangeEvent change, TableSchema schema, long nowMillis) {
        boolean documents = MongoExtendedJson.isDocumentTable(schema);
        ObjectNode value = MAPPER.createObjectNode();
        value.set("before", change.before().map(row -> image(row, schema, documents)).orElse(MAPPER.nullNode()));
        value.set("after", change.after().map(row -> image(row, schema, documents)).orElse(MAPPER.nullNode()));
        value.set("source", source(change, documents));
        value.put("op", String.valueOf(change.operation().code()));
        value.put("ts_ms", nowMillis);
        value.putNull("transaction");
        return value;
    }

    /** Debezium's JSON converter output with {@code schemas.enable=true}. */
    private static ObjectNode withSchema(DataChangeEvent change, TableSchema schema, ObjectNode envelope) {
        ObjectNode wrapped = MAPPER.createObjectNode();
        wrapped.set("schema", DebeziumJsonSchema.envelope(change.tableId(), schema, (ObjectNode) envelope.get("source"),
                MongoExtendedJson.isDocumentTable(schema)));
        wrapped.set("payload", envelope);
        return wrapped;
    }

    private ObjectNode rowImage(DataChangeEvent change, TableSchema schema) {
        ObjectNode row = row(change.keyRow(), schema);
        if (change.operation() == Operation.DELETE) {
            row.put(DELETED_FIELD, "true");
        }
        return row;
    }

    private static JsonNode image(Object[] row, TableSchema schema, boolean documents) {
        return documents ? MongoExtendedJson.documentOf(row) : row(row, schema);
    }

    private ObjectNode source(DataChangeEvent change, boolean documents) {
        TableId table = change.tableId();
        ObjectNode source = MAPPER.createObjectNode();
        source.put("connector", CONNECTOR);
        source.put("name", pipelineName);
        source.put("ts_ms", change.sourceTimestampMillis());
        boolean snapshot = change.operation() == Operation.READ || change.sourcePosition().map(SourcePosition::snapshot).orElse(false);
        source.put("snapshot", snapshot ? "true" : "false");
        if (documents) {
            // A collection's sink id is usually namespace.collection (the router's default): the namespace is its database.
            source.put("db", table.database().or(table::schema).orElse(null));
            source.put("collection", table.table());
        } else {
            source.put("db", table.database().orElse(null));
            table.schema().ifPresent(schemaName -> source.put("schema", schemaName));
            source.put("table", table.table());
        }
        change.sourcePosition().ifPresent(position -> position.fields().forEach((name, value) -> {
            if (NAMING_FIELDS.contains(name)) {
                return; // the sink table id (after routes) names the table, whatever the source's position says
            }
            if (value instanceof Long number) {
                source.put(name, number);
            } else {
                source.put(name, value.toString());
            }
        }));
        return source;
    }

    private static void checkRowWidth(DataChangeEvent change, TableSchema schema) {
        int columns = schema.columns().size();
        for (Object[] values : new Object[][] {change.before().orElse(null), change.after().orElse(null)}) {
            if (values != null && values.length != columns) {
                throw new TributaryException(ErrorCode.SINK_WRITE_FAILED, "A row of " + change.tableId() + " has " + values.length
                        + " values but its schema has " + columns + " columns " + schema.columnNames()
                        + "; the source sent a row that does not match the announced schema. Report this as a bug.");
            }
        }
    }

    private static ObjectNode row(Object[] values, TableSchema schema) {
        List<Column> columns = schema.columns();
        ObjectNode row = MAPPER.createObjectNode();
        for (int i = 0; i < values.length; i++) {
            Column column = columns.get(i);
            row.set(column.name(), ColumnValueEncoder.encode(values[i], column.type()));
        }
        return row;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new TributaryException(ErrorCode.INTERNAL, "Could not encode a change event as JSON: " + e.getMessage(), e);
        }
    }
}
