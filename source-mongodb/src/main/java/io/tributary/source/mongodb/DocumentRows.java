package io.tributary.source.mongodb;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Turns documents into rows of their collection's table: {@code [_id, document]}, or with
 * {@code document.flatten} {@code _id} and one column per top-level field ({@link FlattenedColumns}).
 */
public final class DocumentRows implements Serializable {
    private static final long serialVersionUID = 1L;

    private final boolean flatten;

    public DocumentRows(boolean flatten) {
        this.flatten = flatten;
    }

    public boolean flatten() {
        return flatten;
    }

    /** The row of {@code document}; fails when a flattened schema lacks one of its fields or cannot hold a value. */
    public Object[] row(TableId table, TableSchema schema, BsonDocument document) {
        List<Column> columns = schema.columns();
        IdKind kind = IdKind.ofColumn(columns.get(0).type());
        Object id = kind.toColumn(document.get("_id"), table);
        if (!flatten) {
            return new Object[] {id, BsonValues.document(document)};
        }
        Object[] row = new Object[columns.size()];
        row[0] = id;
        int matched = 1;
        for (int i = 1; i < columns.size(); i++) {
            Column column = columns.get(i);
            BsonValue value = document.get(column.name());
            if (value != null) {
                matched++;
                if (!FlattenedColumns.holds(column.type(), value)) {
                    throw misfit(table, document, column.name() + " (" + value.getBsonType() + ", column " + column.type().kind() + ")");
                }
                row[i] = FlattenedColumns.value(column.type(), value);
            }
        }
        if (matched < document.size()) {
            List<String> unknown = new ArrayList<>(document.keySet());
            unknown.removeAll(schema.columnNames());
            throw misfit(table, document, String.join(", ", unknown) + " (no column)");
        }
        return row;
    }

    /** The row of a change known only by its {@code _id} (a delete without pre-image). */
    public Object[] keyOnlyRow(TableId table, TableSchema schema, BsonValue id) {
        Object[] row = new Object[schema.columns().size()];
        row[0] = IdKind.ofColumn(schema.columns().get(0).type()).toColumn(id, table);
        return row;
    }

    /**
     * The columns a flattened table must gain or widen before {@code document} fits it, as schema
     * changes in order (each with the schema after it); none when it fits or documents are whole.
     */
    public List<SchemaChangeEvent> evolve(TableId table, TableSchema schema, BsonDocument document) {
        List<SchemaChangeEvent> changes = new ArrayList<>();
        if (!flatten) {
            return changes;
        }
        TableSchema current = schema;
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            Optional<DataType> type = FlattenedColumns.typeOf(field.getValue());
            Optional<Column> column = current.column(field.getKey());
            if (column.isEmpty()) {
                Column added = new Column(field.getKey(), type.orElse(DataType.of(io.tributary.core.model.TypeKind.TEXT)));
                String last = current.columns().get(current.columns().size() - 1).name();
                List<Column> columns = new ArrayList<>(current.columns());
                columns.add(added);
                current = new TableSchema(columns, current.primaryKey());
                changes.add(new SchemaChangeEvent(table, new SchemaChange.AddColumn(added, Optional.of(last)), current));
            } else if (!FlattenedColumns.holds(column.get().type(), field.getValue())) {
                DataType widened = FlattenedColumns.widen(column.get().type(), type.orElseThrow());
                List<Column> columns = new ArrayList<>(current.columns());
                columns.replaceAll(c -> c.name().equals(field.getKey()) ? new Column(c.name(), widened) : c);
                current = new TableSchema(columns, current.primaryKey());
                changes.add(new SchemaChangeEvent(table, new SchemaChange.AlterColumnType(field.getKey(), widened), current));
            }
        }
        return changes;
    }

    private static TributaryException misfit(TableId table, BsonDocument document, String fields) {
        return new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "The snapshot of " + table + " read document _id "
                + IdKind.extendedJson(document.get("_id")) + " with fields the columns flattened at discovery do not hold: " + fields
                + ". Columns are added and widened only while streaming. Raise document.flatten.sample-size (0 reads every document at "
                + "discovery), delete the state directory and start again with a new snapshot; or leave document.flatten off to keep "
                + "whole documents.");
    }
}
