package io.tributary.sink.jdbc;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The statement text and error classification PostgreSQL and MySQL share. */
abstract class BaseJdbcDialect implements JdbcDialect {

    /** Quotes an identifier so that any name, including reserved words, is taken literally. */
    abstract String quote(String identifier);

    /** The parameter marker for a value of the type, e.g. {@code ?} or {@code ?::jsonb}. */
    abstract String placeholder(DataType type);

    /** {@code " DEFAULT <literal>"} for a column with a constant default, else empty; {@code type} is the target's column type. */
    abstract String defaultClause(Column column, String type);

    final String qualified(TargetTable table) {
        return quote(table.namespace()) + "." + quote(table.name());
    }

    /**
     * The last two parts of a table id name namespace and table, whichever parts they are stored
     * as; a leading database part is ignored (the database is the one in the URL).
     */
    @Override
    public TargetTable targetTable(TableId tableId, String defaultNamespace) {
        String namespace = tableId.schema().or(tableId::database).orElse(defaultNamespace);
        return new TargetTable(namespace, tableId.table());
    }

    @Override
    public String insert(TargetTable table, TableSchema schema) {
        return "INSERT INTO " + qualified(table) + " (" + columnList(schema.columns()) + ") VALUES (" + placeholders(schema.columns()) + ")";
    }

    @Override
    public String deleteByKey(TargetTable table, TableSchema schema) {
        return "DELETE FROM " + qualified(table) + " WHERE " + keyPredicate(schema);
    }

    @Override
    public String updateColumns(TargetTable table, TableSchema schema, boolean[] changed) {
        StringJoiner assignments = new StringJoiner(", ");
        for (int i = 0; i < changed.length; i++) {
            if (changed[i]) {
                Column column = schema.columns().get(i);
                assignments.add(quote(column.name()) + " = " + placeholder(column.type()));
            }
        }
        return "UPDATE " + qualified(table) + " SET " + assignments + " WHERE " + keyPredicate(schema);
    }

    @Override
    public String truncate(TargetTable table) {
        return "TRUNCATE TABLE " + qualified(table);
    }

    @Override
    public String dropTable(TargetTable table) {
        return "DROP TABLE IF EXISTS " + qualified(table);
    }

    @Override
    public boolean isTransient(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null
                    && (e.getSQLState().startsWith("08") || e.getSQLState().equals("40001"))) {
                return true;
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    final String columnList(List<Column> columns) {
        StringJoiner joiner = new StringJoiner(", ");
        for (Column column : columns) {
            joiner.add(quote(column.name()));
        }
        return joiner.toString();
    }

    final String placeholders(List<Column> columns) {
        StringJoiner joiner = new StringJoiner(", ");
        for (Column column : columns) {
            joiner.add(placeholder(column.type()));
        }
        return joiner.toString();
    }

    final String keyPredicate(TableSchema schema) {
        StringJoiner joiner = new StringJoiner(" AND ");
        for (String key : schema.primaryKey()) {
            joiner.add(quote(key) + " = " + placeholder(schema.column(key).orElseThrow().type()));
        }
        return joiner.toString();
    }

    /** {@code "a" type NOT NULL, ...} using {@code types} for each column, then the primary key. */
    final String tableBody(TableSchema schema, List<String> types) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            Column column = schema.columns().get(i);
            boolean notNull = !column.type().nullable() || schema.primaryKey().contains(column.name());
            parts.add(quote(column.name()) + " " + types.get(i) + defaultClause(column, types.get(i)) + (notNull ? " NOT NULL" : ""));
        }
        if (schema.hasPrimaryKey()) {
            StringJoiner key = new StringJoiner(", ", "PRIMARY KEY (", ")");
            schema.primaryKey().forEach(k -> key.add(quote(k)));
            parts.add(key.toString());
        }
        return String.join(", ", parts);
    }

    static boolean hasErrorCode(SQLException failure, int... codes) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                for (int code : codes) {
                    if (e.getErrorCode() == code) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean hasSqlState(SQLException failure, String... states) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                for (String state : states) {
                    if (e.getSQLState().equals(state)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
