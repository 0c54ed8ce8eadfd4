package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

/**
 * A table in the target database: its namespace (PostgreSQL schema, MySQL database) and name.
 */
public record TargetTable(String namespace, String name) {
    public TargetTable {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(name, "name is null");
        if (namespace.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("namespace and name must not be empty");
        }
    }

    @Override
    public String toString() {
        return namespace + "." + name;
    }
}
