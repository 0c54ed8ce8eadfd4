package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** A named, typed column of a table. */
public record Column(String name, DataType type) implements Serializable {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name is empty");
        }
    }
}
