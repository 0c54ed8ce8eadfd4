package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Names a table: {@code database.schema.table} (PostgreSQL, Oracle) or {@code database.table}
 * (MySQL, MongoDB). A sink table id may lack the database part ({@code schema.table}).
 */
public final class TableId implements Serializable, Comparable<TableId> {
    private static final long serialVersionUID = 1L;

    private final String database;
    private final String schema;
    private final String table;
    /** Every event's table id is hashed on its way through partitioning and schema evolution, so once is enough. */
    private final transient int hash;

    private TableId(String database, String schema, String table) {
        this.database = database;
        this.schema = schema;
        this.table = requireNonNull(table, "table is null");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("table name is empty");
        }
        this.hash = Objects.hash(database, schema, table);
    }

    /** Java deserialization leaves the transient hash at 0; building the id again computes it. */
    private Object readResolve() {
        return new TableId(database, schema, table);
    }

    public static TableId of(String database, String schema, String table) {
        return new TableId(requireNonNull(database, "database is null"), requireNonNull(schema, "schema is null"), table);
    }

    /** A table id without a schema part, as in MySQL: {@code database.table}. */
    public static TableId ofDatabaseTable(String database, String table) {
        return new TableId(requireNonNull(database, "database is null"), null, table);
    }

    /** A table id without a database part, as sink tables are usually written: {@code schema.table}. */
    public static TableId ofSchemaTable(String schema, String table) {
        return new TableId(null, requireNonNull(schema, "schema is null"), table);
    }

    /** A bare table name. */
    public static TableId ofTable(String table) {
        return new TableId(null, null, table);
    }

    /**
     * Parses {@code a.b.c} as database.schema.table, {@code a.b} as schema.table and {@code a} as
     * table. Use {@link #ofDatabaseTable} where two parts mean database.table.
     */
    public static TableId parse(String identifier) {
        requireNonNull(identifier, "identifier is null");
        String[] parts = identifier.split("\\.", -1);
        return switch (parts.length) {
            case 1 -> ofTable(parts[0]);
            case 2 -> ofSchemaTable(parts[0], parts[1]);
            case 3 -> of(parts[0], parts[1], parts[2]);
            default -> throw new IllegalArgumentException(
                    "Table id '" + identifier + "' has " + parts.length + " parts; expected table, schema.table or database.schema.table");
        };
    }

    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    public Optional<String> schema() {
        return Optional.ofNullable(schema);
    }

    public String table() {
        return table;
    }

    /** The dotted form, e.g. {@code appdb.public.orders}. */
    public String identifier() {
        StringBuilder sb = new StringBuilder();
        if (database != null) {
            sb.append(database).append('.');
        }
        if (schema != null) {
            sb.append(schema).append('.');
        }
        return sb.append(table).toString();
    }

    @Override
    public int compareTo(TableId other) {
        return identifier().compareTo(other.identifier());
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TableId that
                && hash == that.hash
                && Objects.equals(database, that.database)
                && Objects.equals(schema, that.schema)
                && table.equals(that.table);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return identifier();
    }
}
