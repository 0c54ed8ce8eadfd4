package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/** A named, typed column of a table, with the default the source declares for it, if any. */
public record Column(String name, DataType type, Optional<ColumnDefault> defaultValue) implements Serializable {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(defaultValue, "defaultValue is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name is empty");
        }
    }

    /** A column without a default. */
    public Column(String name, DataType type) {
        this(name, type, Optional.empty());
    }

    public Column withType(DataType newType) {
        return new Column(name, newType, defaultValue);
    }

    public Column withDefault(Optional<ColumnDefault> newDefault) {
        return new Column(name, type, newDefault);
    }

    public Column withName(String newName) {
        return new Column(newName, type, defaultValue);
    }
}
