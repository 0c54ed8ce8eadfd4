package io.tributary.core.sink.values;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DocumentJson;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.UnchangedValue;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One event as one line of text, in the shape Flink CDC's values sink prints, e.g.
 * {@code DataChangeEvent{tableId=app_db.orders, before=[], after=[1, Widget, 9.99], op=INSERT}}.
 * Values print as their SQL text; bytes as base64, a value the source did not send as
 * {@code (unchanged)}.
 */
final class EventText {
    private EventText() {}

    static String of(DataChangeEvent change) {
        return "DataChangeEvent{tableId=" + change.tableId() + ", before=" + row(change.before().orElse(null)) + ", after="
                + row(change.after().orElse(null)) + ", op=" + change.operation() + "}";
    }

    /** The change's kind (e.g. {@code AddColumnEvent}) and the table's schema after it. */
    static String of(SchemaChangeEvent event) {
        String name = event.change().getClass().getSimpleName() + "Event";
        return name + "{tableId=" + event.tableId() + ", schema=" + schema(event.schemaAfter()) + "}";
    }

    private static String schema(TableSchema schema) {
        return "columns={" + schema.columns().stream().map(EventText::column).collect(Collectors.joining(",")) + "}, primaryKeys="
                + String.join(";", schema.primaryKey());
    }

    private static String column(Column column) {
        return "`" + column.name() + "` " + column.type();
    }

    private static String row(Object[] values) {
        if (values == null) {
            return "[]";
        }
        return Arrays.stream(values).map(EventText::value).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value == UnchangedValue.INSTANCE) {
            return "(unchanged)";
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Map<?, ?> document) {
            return DocumentJson.text(document);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(EventText::value).collect(Collectors.joining(", ", "[", "]"));
        }
        return value.toString();
    }
}
