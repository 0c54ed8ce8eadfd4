package io.tributary.source.postgres.catalog;

import io.tributary.core.model.TableId;
import io.tributary.source.jdbc.IdentifierQuoting;

/** Quoting of identifiers and literals for the SQL the source writes. */
public final class SqlNames {
    private SqlNames() {}

    public static String quote(String identifier) {
        return IdentifierQuoting.DOUBLE_QUOTES_BY_SCHEMA.quote(identifier);
    }

    /** {@code "schema"."table"}. */
    public static String table(TableId tableId) {
        return IdentifierQuoting.DOUBLE_QUOTES_BY_SCHEMA.qualified(tableId);
    }

    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
