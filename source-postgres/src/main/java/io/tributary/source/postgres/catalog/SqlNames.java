package io.tributary.source.postgres.catalog;

import io.tributary.core.model.TableId;

/** Quoting of identifiers and literals for the SQL the source writes. */
public final class SqlNames {
    private SqlNames() {}

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."table"}. */
    public static String table(TableId tableId) {
        return quote(tableId.schema().orElseThrow(() -> new IllegalArgumentException("table id without schema: " + tableId))) + "."
                + quote(tableId.table());
    }

    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
