package io.tributary.source.jdbc;

import io.tributary.core.model.TableId;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a database's SQL writes names: the character an identifier is quoted in (doubled inside
 * it), and whether a table is qualified by its database or by its schema.
 */
public enum IdentifierQuoting {
    /** MySQL and MariaDB: {@code `database`.`table`}. */
    BACKTICKS_BY_DATABASE('`', "database", TableId::database),
    /** PostgreSQL (standard SQL): {@code "schema"."table"}. */
    DOUBLE_QUOTES_BY_SCHEMA('"', "schema", TableId::schema);

    private final String quote;
    private final String qualifierName;
    private final Function<TableId, Optional<String>> qualifier;

    IdentifierQuoting(char quote, String qualifierName, Function<TableId, Optional<String>> qualifier) {
        this.quote = String.valueOf(quote);
        this.qualifierName = qualifierName;
        this.qualifier = qualifier;
    }

    /** The identifier quoted, with each quote character in it doubled. */
    public String quote(String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    /** The table's name qualified by its database or schema, each part quoted. */
    public String qualified(TableId table) {
        String qualifierPart = qualifier.apply(table)
                .orElseThrow(() -> new IllegalArgumentException("table id without " + qualifierName + ": " + table));
        return quote(qualifierPart) + "." + quote(table.table());
    }
}
