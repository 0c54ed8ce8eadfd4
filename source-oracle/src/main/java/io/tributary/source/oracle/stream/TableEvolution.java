package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Column;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schema changes that turn a table's known definition into its current one, as the catalog
 * describes both; the stream emits them before the first change made under the new definition.
 * LogMiner's online catalog describes every change with the table's current definition, so
 * the stream compares definitions rather than parsing the DDL text.
 *
 * <p>A column that is gone and one that is new at the same place with the same type, and no other
 * difference in the columns, is a rename; other differences are drops, type changes and additions,
 * in that order, each event carrying the schema after it.
 */
public final class TableEvolution {
    private TableEvolution() {}

    /** The events from {@code known} to {@code current}; empty when their columns are the same. */
    public static List<SchemaChangeEvent> between(TableId tableId, TableSchema known, TableSchema current) {
        requireNonNull(tableId, "tableId is null");
        requireNonNull(known, "known is null");
        requireNonNull(current, "current is null");
        List<SchemaChangeEvent> events = new ArrayList<>();
        Optional<SchemaChangeEvent> rename = rename(tableId, known, current);
        if (rename.isPresent()) {
            return List.of(rename.get());
        }
        List<Column> columns = new ArrayList<>(known.columns());
        for (Column column : known.columns()) {
            if (current.column(column.name()).isEmpty()) {
                columns.remove(column);
                events.add(new SchemaChangeEvent(tableId, new SchemaChange.DropColumn(column.name()), schema(columns, current)));
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            Column now = current.column(column.name()).orElseThrow();
            if (!column.type().equals(now.type())) {
                columns.set(i, column.withType(now.type()));
                events.add(new SchemaChangeEvent(tableId, new SchemaChange.AlterColumnType(column.name(), now.type()), schema(columns, current)));
            }
        }
        for (int i = 0; i < current.columns().size(); i++) {
            Column column = current.columns().get(i);
            if (columns.stream().noneMatch(c -> c.name().equals(column.name()))) {
                Optional<String> after = i == 0 ? Optional.empty() : Optional.of(current.columns().get(i - 1).name());
                int at = after.map(name -> indexOf(columns, name) + 1).orElse(0);
                columns.add(at, column);
                events.add(new SchemaChangeEvent(tableId, new SchemaChange.AddColumn(column, after), schema(columns, current)));
            }
        }
        return events;
    }

    private static Optional<SchemaChangeEvent> rename(TableId tableId, TableSchema known, TableSchema current) {
        if (known.columns().size() != current.columns().size()) {
            return Optional.empty();
        }
        int differing = -1;
        for (int i = 0; i < known.columns().size(); i++) {
            Column before = known.columns().get(i);
            Column now = current.columns().get(i);
            if (!before.name().equals(now.name())) {
                if (differing >= 0 || !before.type().equals(now.type()) || known.column(now.name()).isPresent()) {
                    return Optional.empty();
                }
                differing = i;
            } else if (!before.type().equals(now.type())) {
                return Optional.empty();
            }
        }
        if (differing < 0) {
            return Optional.empty();
        }
        return Optional.of(new SchemaChangeEvent(tableId, new SchemaChange.RenameColumn(known.columns().get(differing).name(),
                current.columns().get(differing).name()), current));
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return columns.size() - 1;
    }

    /** The columns so far with the primary key of the current definition, kept to the columns that exist. */
    private static TableSchema schema(List<Column> columns, TableSchema current) {
        List<String> key = current.primaryKey().stream().filter(k -> columns.stream().anyMatch(c -> c.name().equals(k))).toList();
        return new TableSchema(List.copyOf(columns), key);
    }
}
