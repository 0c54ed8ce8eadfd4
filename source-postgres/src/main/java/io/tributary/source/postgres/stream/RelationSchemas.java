package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.source.postgres.catalog.PostgresColumnDefaults;
import io.tributary.source.postgres.catalog.PostgresKeyFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schemas of the captured tables as the stream has announced them. A table the stream meets
 * for the first time and that {@code tables} matches (one created after the pipeline started, its
 * schema published whole) is captured from that change on: its first change is preceded by a
 * CreateTable with the relation's columns, the catalog's primary key, NOT NULL columns and defaults.
 * When a RELATION message
 * describes a table differently, the next change of that table is preceded by the schema changes
 * between the two (drops, type changes, additions), each with the full schema after it. Existing
 * columns keep their nullability and the primary key is kept; added columns are nullable, with the
 * default the catalog holds for them when the column is first seen (pgoutput does not send defaults).
 */
final class RelationSchemas {
    /** What the catalog holds now about a table, for what pgoutput does not send. */
    interface CatalogLookup {
        /** The default expressions of the table's columns, by name (read when columns are added). */
        Map<String, String> defaults(TableId table);

        /** The table's primary key and NOT NULL columns (read when a table is first seen). */
        PostgresKeyFacts keyFacts(TableId table);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RelationSchemas.class);

    private final Map<TableId, TableSchema> schemas;
    private final Predicate<TableId> matches;
    private final CatalogLookup catalog;
    private final Map<TableId, PgRelation> syncedRelations = new HashMap<>();
    private final Map<TableId, int[]> tupleToSchema = new HashMap<>();

    /**
     * @param initial the schemas of the tables captured so far
     * @param matches whether {@code tables} (with its exclusions) matches a table
     */
    RelationSchemas(Map<TableId, TableSchema> initial, Predicate<TableId> matches, CatalogLookup catalog) {
        this.schemas = new HashMap<>(requireNonNull(initial, "initial is null"));
        this.matches = requireNonNull(matches, "matches is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** Whether the table is captured: known, or first seen now and matching {@code tables}. */
    boolean isCaptured(TableId tableId) {
        return schemas.containsKey(tableId) || matches.test(tableId);
    }

    TableSchema schema(TableId tableId) {
        return schemas.get(tableId);
    }

    /** Brings the known schema of the relation's table in line with the relation; returns the changes, usually none. */
    List<SchemaChangeEvent> sync(PgRelation relation) {
        TableId tableId = relation.tableId();
        if (syncedRelations.get(tableId) == relation) {
            return List.of();
        }
        TableSchema current = schemas.get(tableId);
        if (current == null) {
            return List.of(created(relation));
        }
        List<SchemaChangeEvent> events = new ArrayList<>();
        List<String> relationNames = relation.columns().stream().map(PgRelation.RelationColumn::name).toList();
        for (Column column : current.columns()) {
            if (!relationNames.contains(column.name())) {
                current = dropColumn(current, column.name());
                events.add(new SchemaChangeEvent(tableId, new SchemaChange.DropColumn(column.name()), current));
            }
        }
        for (PgRelation.RelationColumn column : relation.columns()) {
            Optional<Column> existing = current.column(column.name());
            if (existing.isPresent() && !sameType(existing.get().type(), column.type())) {
                DataType newType = column.type().withNullable(existing.get().type().nullable());
                current = replaceColumn(current, new Column(column.name(), newType));
                events.add(new SchemaChangeEvent(tableId, new SchemaChange.AlterColumnType(column.name(), newType), current));
            }
        }
        Map<String, String> expressions = null;
        for (int i = 0; i < relation.columns().size(); i++) {
            PgRelation.RelationColumn column = relation.columns().get(i);
            if (current.column(column.name()).isEmpty()) {
                Optional<String> after = i == 0 ? Optional.empty() : Optional.of(relationNames.get(i - 1));
                if (expressions == null) {
                    expressions = catalog.defaults(tableId);
                }
                DataType type = column.type().withNullable(true);
                Column added = new Column(column.name(), type, PostgresColumnDefaults.parse(expressions.get(column.name()), type));
                current = addColumn(current, added, after);
                events.add(new SchemaChangeEvent(tableId, new SchemaChange.AddColumn(added, after), current));
            }
        }
        schemas.put(tableId, current);
        syncedRelations.put(tableId, relation);
        tupleToSchema.put(tableId, positions(current, relationNames));
        return events;
    }

    /** A table first seen in the stream: its schema is the relation's columns with what the catalog adds. */
    private SchemaChangeEvent created(PgRelation relation) {
        TableId tableId = relation.tableId();
        PostgresKeyFacts facts = catalog.keyFacts(tableId);
        Map<String, String> expressions = catalog.defaults(tableId);
        List<Column> columns = new ArrayList<>();
        for (PgRelation.RelationColumn column : relation.columns()) {
            DataType type = column.type().withNullable(!facts.notNull().contains(column.name()));
            columns.add(new Column(column.name(), type, PostgresColumnDefaults.parse(expressions.get(column.name()), type)));
        }
        List<String> names = columns.stream().map(Column::name).toList();
        List<String> key = names.containsAll(facts.primaryKey()) ? facts.primaryKey() : List.of();
        TableSchema schema = new TableSchema(columns, key);
        schemas.put(tableId, schema);
        syncedRelations.put(tableId, relation);
        tupleToSchema.remove(tableId);
        LOG.info("Capturing {}, which matches 'tables' and first appeared in the stream (created after the pipeline started)", tableId);
        return SchemaChangeEvent.createTable(tableId, schema);
    }

    /** A tuple of the relation (in relation column order) as a row in the table's schema order; call after {@link #sync}. */
    Object[] toSchemaOrder(TableId tableId, Object[] tuple) {
        int[] positions = tupleToSchema.get(tableId);
        if (positions == null) {
            return tuple;
        }
        Object[] row = new Object[schemas.get(tableId).columns().size()];
        for (int i = 0; i < tuple.length; i++) {
            row[positions[i]] = tuple[i];
        }
        return row;
    }

    /** Where each relation column goes in the schema's row, or null when the orders are the same. */
    private static int[] positions(TableSchema schema, List<String> relationNames) {
        int[] positions = new int[relationNames.size()];
        boolean identity = positions.length == schema.columns().size();
        for (int i = 0; i < positions.length; i++) {
            positions[i] = schema.indexOf(relationNames.get(i)).orElseThrow();
            identity &= positions[i] == i;
        }
        return identity ? null : positions;
    }

    private static boolean sameType(DataType a, DataType b) {
        return a.withNullable(true).equals(b.withNullable(true));
    }

    private static TableSchema dropColumn(TableSchema schema, String name) {
        List<Column> columns = new ArrayList<>(schema.columns());
        columns.removeIf(c -> c.name().equals(name));
        return new TableSchema(columns, schema.primaryKey().stream().filter(k -> !k.equals(name)).toList());
    }

    private static TableSchema replaceColumn(TableSchema schema, Column column) {
        List<Column> columns = new ArrayList<>(schema.columns());
        columns.replaceAll(c -> c.name().equals(column.name()) ? column : c);
        return new TableSchema(columns, schema.primaryKey());
    }

    private static TableSchema addColumn(TableSchema schema, Column column, Optional<String> after) {
        List<Column> columns = new ArrayList<>(schema.columns());
        int position = after.flatMap(name -> {
            int index = schema.indexOf(name).orElse(-1);
            return index < 0 ? Optional.empty() : Optional.of(index + 1);
        }).orElse(columns.size());
        columns.add(position, column);
        return new TableSchema(columns, schema.primaryKey());
    }
}
