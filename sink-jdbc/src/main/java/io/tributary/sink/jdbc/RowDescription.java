package io.tributary.sink.jdbc;

import io.tributary.core.model.TableSchema;
import java.util.Arrays;
import java.util.StringJoiner;

/** A short text naming a row in error messages: its key, or its values when the table has none. */
final class RowDescription {
    private static final int MAX_VALUE_CHARS = 64;

    private RowDescription() {}

    static String of(TableSchema schema, RowChange change) {
        int[] columns = schema.hasPrimaryKey() ? schema.primaryKeyIndexes() : allColumns(schema);
        StringJoiner joiner = new StringJoiner(", ", schema.hasPrimaryKey() ? "key (" : "row (", ")");
        for (int index : columns) {
            joiner.add(schema.columns().get(index).name() + "=" + shorten(change.row()[index]));
        }
        return joiner.toString();
    }

    private static int[] allColumns(TableSchema schema) {
        int[] all = new int[schema.columns().size()];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private static String shorten(Object value) {
        String text = value instanceof byte[] bytes ? "<" + bytes.length + " bytes>" : String.valueOf(value);
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "...";
    }
}
