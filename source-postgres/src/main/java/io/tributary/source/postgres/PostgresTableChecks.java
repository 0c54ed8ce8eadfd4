package io.tributary.source.postgres;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresTable;
import io.tributary.source.postgres.catalog.SqlNames;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The checks every captured table must pass, shared by validation and discovery. */
final class PostgresTableChecks {
    private static final int TABLES_NAMED_IN_ERRORS = 20;

    private PostgresTableChecks() {}

    /**
     * Fails unless some table matched, every column type is supported, the user may read every
     * table and, when streaming, every table logs enough to identify changed rows.
     */
    static void requireCapturable(List<PostgresTable> tables, PostgresCatalog catalog, PostgresSourceOptions options) throws SQLException {
        if (tables.isEmpty()) {
            List<String> existing = catalog.someTableNames(TABLES_NAMED_IN_ERRORS);
            throw new TributaryException(ErrorCode.SOURCE_NO_TABLES, "No table of database " + options.database() + " matches tables '"
                    + options.tableFilter().includeText() + "'" + options.tablesExcludeText().map(e -> " (excluding '" + e + "')").orElse("")
                    + ". " + (existing.isEmpty() ? "The database has no tables the user can see." : "Existing tables include: "
                    + String.join(", ", existing)) + ". Patterns are database.schema.table regular expressions; write a regular-expression "
                    + "dot as \\. (e.g. " + options.database() + ".public.\\.*).");
        }
        requireSupportedTypes(tables);
        requireSelectable(tables, options);
        if (options.startupMode().streams()) {
            requireReplicaIdentity(tables);
        }
    }

    private static void requireSupportedTypes(List<PostgresTable> tables) {
        List<String> problems = new ArrayList<>();
        for (PostgresTable table : tables) {
            for (PostgresTable.UnsupportedColumn column : table.unsupportedColumns()) {
                problems.add(table.tableId() + "." + column.name() + " (" + column.sqlType() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "The source cannot read these columns: " + String.join(", ", problems)
                    + ". Supported are boolean, integers, numeric, real, double precision, text, varchar, char, bytea, date, time, "
                    + "timestamp, timestamptz, uuid, json, jsonb, enums, domains over these and one-dimensional arrays of them. "
                    + "Exclude the tables with tables.exclude, or change the column types.");
        }
    }

    private static void requireSelectable(List<PostgresTable> tables, PostgresSourceOptions options) {
        List<PostgresTable> unreadable = tables.stream().filter(t -> !t.selectable()).toList();
        if (!unreadable.isEmpty()) {
            throw new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "User " + options.username() + " may not read "
                    + names(unreadable) + ". An administrator can run: GRANT SELECT ON "
                    + unreadable.stream().limit(TABLES_NAMED_IN_ERRORS).map(PostgresTable::sqlName).collect(Collectors.joining(", "))
                    + " TO " + SqlNames.quote(options.username()));
        }
    }

    private static void requireReplicaIdentity(List<PostgresTable> tables) {
        for (PostgresTable table : tables) {
            if (!table.schema().hasPrimaryKey() && table.replicaIdentity() != 'f') {
                throw new TributaryException(ErrorCode.SOURCE_TABLE_UNSUPPORTED, "Table " + table.tableId() + " has no primary key, so its "
                        + "updates and deletes can only be captured with the whole old row. Run: ALTER TABLE " + table.sqlName()
                        + " REPLICA IDENTITY FULL (or add a primary key), or exclude the table with tables.exclude.");
            }
            if (table.replicaIdentity() == 'n') {
                throw new TributaryException(ErrorCode.SOURCE_TABLE_UNSUPPORTED, "Table " + table.tableId() + " has REPLICA IDENTITY NOTHING: "
                        + "once published, PostgreSQL would reject its updates and deletes. Run: ALTER TABLE " + table.sqlName()
                        + " REPLICA IDENTITY DEFAULT, or exclude the table with tables.exclude.");
            }
        }
    }

    private static String names(List<PostgresTable> tables) {
        String shown = tables.stream().limit(TABLES_NAMED_IN_ERRORS).map(t -> t.tableId().toString()).collect(Collectors.joining(", "));
        return tables.size() > TABLES_NAMED_IN_ERRORS ? shown + " and " + (tables.size() - TABLES_NAMED_IN_ERRORS) + " more tables" : shown;
    }
}
