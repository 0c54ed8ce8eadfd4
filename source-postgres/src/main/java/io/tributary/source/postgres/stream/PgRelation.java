package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import java.util.List;

/**
 * A pgoutput RELATION message: the table a relation id stands for and its columns as the change
 * messages that follow encode them. Types are resolved only for captured tables.
 */
final class PgRelation {
    private final TableId tableId;
    private final boolean captured;
    private final List<RelationColumn> columns;
    private final String[] names;
    private final DataType[] types;

    /**
     * @param name the column name
     * @param typeOid the column's type oid
     * @param typmod its type modifier
     * @param type the model type (null unless the table is captured)
     */
    record RelationColumn(String name, long typeOid, int typmod, DataType type) {
        RelationColumn {
            requireNonNull(name, "name is null");
        }
    }

    PgRelation(TableId tableId, boolean captured, List<RelationColumn> columns) {
        this.tableId = requireNonNull(tableId, "tableId is null");
        this.captured = captured;
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        this.names = this.columns.stream().map(RelationColumn::name).toArray(String[]::new);
        this.types = this.columns.stream().map(RelationColumn::type).toArray(DataType[]::new);
    }

    TableId tableId() {
        return tableId;
    }

    /** Whether the source captures the table. */
    boolean captured() {
        return captured;
    }

    /** The columns in tuple order. */
    List<RelationColumn> columns() {
        return columns;
    }

    /** Column names in tuple order, shared: do not modify. */
    String[] names() {
        return names;
    }

    /** Column types in tuple order, shared: do not modify. */
    DataType[] types() {
        return types;
    }
}
