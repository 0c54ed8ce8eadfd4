package io.tributary.source.mysql.catalog;

import io.tributary.core.model.TableId;

/** Quoting of identifiers for the SQL the source writes: backticks, a backtick doubled. */
public final class MySqlNames {
    private MySqlNames() {}

    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** {@code `database`.`table`}. */
    public static String qualified(TableId table) {
        return quote(table.database().orElseThrow()) + "." + quote(table.table());
    }
}
