package io.tributary.core.schema;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what each sink table looks like and which schema changes reach it. It follows the
 * schema of every source table and of every sink table (several source tables routed to one sink
 * table share it: their union, types widened by {@link TypeWidening}); turns each source change
 * into the sink changes the {@link SchemaChangeBehavior} and the {@link SchemaChangeFilter} allow;
 * and puts every row into its sink table's columns ({@link RowProjection}). Sinks therefore see one
 * schema per sink table and apply what they are given.
 */
public final class SchemaEvolution {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaEvolution.class);

    private final SchemaChangeBehavior behavior;
    private final SchemaChangeFilter filter;
    private final SchemaEvolutionState state;
    /** Sink tables announced (CreateTable) downstream since this instance started. */
    private final Set<TableId> announced = new HashSet<>();
    private final Map<TableId, RowProjection> projections = new HashMap<>();

    public SchemaEvolution(SchemaChangeBehavior behavior, SchemaChangeFilter filter, SchemaEvolutionState state) {
        this.behavior = requireNonNull(behavior, "behavior is null");
        this.filter = requireNonNull(filter, "filter is null");
        this.state = requireNonNull(state, "state is null");
    }

    public SchemaEvolutionState state() {
        return state;
    }

    /** Emits what {@code event} of its source table becomes for {@code sinkTable}. */
    public void process(Event event, TableId sinkTable, Consumer<Event> out) {
        if (event instanceof DataChangeEvent change) {
            processRow(change, sinkTable, out);
        } else {
            processSchemaChange((SchemaChangeEvent) event, sinkTable, out);
        }
    }

    private void processRow(DataChangeEvent change, TableId sinkTable, Consumer<Event> out) {
        Optional<TableSchema> sink = state.sinkSchema(sinkTable);
        Optional<TableSchema> source = state.sourceSchema(change.tableId());
        if (sink.isEmpty() || source.isEmpty()) {
            // a table the source never announced: nothing to map it by
            out.accept(change.withTableId(sinkTable));
            return;
        }
        announce(sinkTable, sink.get(), out);
        RowProjection projection = projections.get(change.tableId());
        if (projection == null || projection.from() != source.get() || projection.to() != sink.get()) {
            projection = new RowProjection(source.get(), sink.get());
            projections.put(change.tableId(), projection);
        }
        out.accept(projection.apply(change.withTableId(sinkTable)));
    }

    private void processSchemaChange(SchemaChangeEvent event, TableId sinkTable, Consumer<Event> out) {
        TableId sourceTable = event.tableId();
        SchemaChange change = event.change();
        Optional<TableSchema> sourceBefore = state.sourceSchema(sourceTable);
        if (change instanceof SchemaChange.DropTable) {
            state.forgetSource(sourceTable);
        } else {
            state.putSource(sourceTable, sinkTable, event.schemaAfter());
        }
        Optional<TableSchema> sink = state.sinkSchema(sinkTable);
        if (sink.isEmpty()) {
            if (!(change instanceof SchemaChange.DropTable)) {
                TableSchema created = event.schemaAfter();
                state.putSink(sinkTable, created);
                announced.add(sinkTable);
                out.accept(SchemaChangeEvent.createTable(sinkTable, created));
                if (change instanceof SchemaChange.TruncateTable) {
                    out.accept(new SchemaChangeEvent(sinkTable, change, created));
                }
            }
            return;
        }
        announce(sinkTable, sink.get(), out);
        if (change instanceof SchemaChange.TruncateTable truncate && truncate.beforeSnapshot()) {
            out.accept(new SchemaChangeEvent(sinkTable, change, sink.get()));
            return;
        }
        boolean inStep = sourceBefore.isPresent() && sourceBefore.get().equals(sink.get()) && !state.isMerged(sinkTable);
        List<SchemaChange> derived = derive(event, sink.get(), inStep, sinkTable);
        if (!derived.isEmpty() && behavior == SchemaChangeBehavior.EXCEPTION) {
            throw refused(event);
        }
        TableSchema current = sink.get();
        for (SchemaChange sinkChange : derived) {
            SchemaChangeType type = SchemaChangeType.of(sinkChange);
            if (!filter.applies(type)) {
                LOG.info("Not applying {} of {} to sink table {}: the sink's schema-change settings leave out {}", SchemaEdits.describe(sinkChange),
                        sourceTable, sinkTable, type.tag());
                continue;
            }
            if (sinkChange instanceof SchemaChange.DropTable) {
                state.forgetSink(sinkTable);
                announced.remove(sinkTable);
                out.accept(new SchemaChangeEvent(sinkTable, sinkChange, current));
                return;
            }
            current = inStep && sinkChange == event.change() ? event.schemaAfter() : SchemaEdits.apply(current, sinkChange);
            state.putSink(sinkTable, current);
            out.accept(new SchemaChangeEvent(sinkTable, sinkChange, current));
        }
    }

    /** Announces a sink table once per run of this instance: after a restore the sinks start without schemas. */
    private void announce(TableId sinkTable, TableSchema schema, Consumer<Event> out) {
        if (announced.add(sinkTable)) {
            out.accept(SchemaChangeEvent.createTable(sinkTable, schema));
        }
    }

    /** The sink changes a source change becomes under the behaviour, before the filter. */
    private List<SchemaChange> derive(SchemaChangeEvent event, TableSchema sink, boolean inStep, TableId sinkTable) {
        SchemaChange change = event.change();
        if (change instanceof SchemaChange.CreateTable) {
            return behavior == SchemaChangeBehavior.IGNORE ? List.of() : union(event.schemaAfter(), sink);
        }
        if (behavior == SchemaChangeBehavior.IGNORE) {
            return List.of();
        }
        if (behavior == SchemaChangeBehavior.EXCEPTION) {
            return List.of(change);
        }
        boolean lenient = behavior == SchemaChangeBehavior.LENIENT;
        if (change instanceof SchemaChange.AddColumn add) {
            Optional<Column> existing = sink.column(add.column().name());
            if (existing.isPresent()) {
                return widening(existing.get(), add.column());
            }
            if (lenient || !inStep) {
                return List.of(new SchemaChange.AddColumn(nullable(add.column()), Optional.empty()));
            }
            return List.of(change);
        }
        if (change instanceof SchemaChange.DropColumn drop) {
            Optional<Column> existing = sink.column(drop.columnName());
            if (existing.isEmpty()) {
                return List.of();
            }
            if (lenient || state.isMerged(sinkTable)) {
                return existing.get().type().nullable() ? List.of()
                        : List.of(new SchemaChange.AlterColumnType(drop.columnName(), existing.get().type().withNullable(true)));
            }
            return List.of(change);
        }
        if (change instanceof SchemaChange.RenameColumn rename) {
            Optional<Column> old = sink.column(rename.oldName());
            if (lenient || state.isMerged(sinkTable)) {
                List<SchemaChange> changes = new ArrayList<>();
                Column renamed = event.schemaAfter().column(rename.newName()).orElseThrow();
                if (sink.column(rename.newName()).isEmpty()) {
                    // the rows the table holds had their values in the old column: the new one starts empty
                    changes.add(new SchemaChange.AddColumn(nullable(renamed).withDefault(Optional.empty()), Optional.empty()));
                }
                old.filter(column -> !column.type().nullable())
                        .ifPresent(column -> changes.add(new SchemaChange.AlterColumnType(column.name(), column.type().withNullable(true))));
                return changes;
            }
            return old.isPresent() && sink.column(rename.newName()).isEmpty() ? List.of(change) : List.of();
        }
        if (change instanceof SchemaChange.AlterColumnType alter) {
            Optional<Column> existing = sink.column(alter.columnName());
            if (existing.isEmpty()) {
                return List.of();
            }
            if (lenient || state.isMerged(sinkTable)) {
                return widening(existing.get(), existing.get().withType(alter.newType()));
            }
            return List.of(change);
        }
        if (change instanceof SchemaChange.DropTable && state.isMerged(sinkTable)) {
            LOG.info("Source table {} was dropped; sink table {} stays, other source tables are routed to it", event.tableId(), sinkTable);
            return List.of();
        }
        return List.of(change);
    }

    /**
     * Adds the columns of {@code schema} that the sink lacks, widens the ones it holds too narrowly,
     * and lets the sink's columns that {@code schema} lacks be NULL (its rows have no value for them).
     */
    private static List<SchemaChange> union(TableSchema schema, TableSchema sink) {
        List<SchemaChange> changes = new ArrayList<>();
        for (Column column : sink.columns()) {
            if (schema.column(column.name()).isEmpty() && !column.type().nullable() && !sink.primaryKey().contains(column.name())) {
                changes.add(new SchemaChange.AlterColumnType(column.name(), column.type().withNullable(true)));
            }
        }
        for (Column column : schema.columns()) {
            Optional<Column> existing = sink.column(column.name());
            if (existing.isEmpty()) {
                changes.add(new SchemaChange.AddColumn(nullable(column), Optional.empty()));
            } else {
                changes.addAll(widening(existing.get(), column));
            }
        }
        return changes;
    }

    private static List<SchemaChange> widening(Column existing, Column incoming) {
        if (TypeWidening.holds(existing.type(), incoming.type())) {
            return List.of();
        }
        return List.of(new SchemaChange.AlterColumnType(existing.name(), TypeWidening.widen(existing.type(), incoming.type())));
    }

    private static Column nullable(Column column) {
        return column.withType(column.type().withNullable(true));
    }

    private TributaryException refused(SchemaChangeEvent event) {
        String what = event.change() instanceof SchemaChange.CreateTable
                ? "a schema that differs from its sink table's (" + event.schemaAfter().columnNames() + ")"
                : SchemaEdits.describe(event.change());
        return new TributaryException(ErrorCode.SCHEMA_CHANGE_REFUSED, "Source table " + event.tableId() + " changed: " + what
                + ". pipeline." + SchemaChangeBehavior.OPTION + " is " + behavior.name().toLowerCase(Locale.ROOT)
                + ", which refuses schema changes. Set it to lenient, try_evolve or evolve to apply such changes (or to ignore, to leave"
                + " the sink as it is), then run the pipeline again; it resumes from its last checkpoint.");
    }
}
