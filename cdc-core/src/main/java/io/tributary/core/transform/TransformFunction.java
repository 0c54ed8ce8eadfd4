package io.tributary.core.transform;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.FatalFailures;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.UnchangedValue;
import io.tributary.core.transform.expression.EvaluationContext;
import io.tributary.core.transform.expression.ExpressionException;
import io.tributary.core.transform.expression.UserFunctions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the pipeline's {@code transform} entries to events of the source tables they match,
 * between the source and the route. Each table's projected schema is compiled from the schema
 * changes this subtask sees; the source announces every table (CreateTable) before its first row
 * after every start and restore, so nothing needs to be checkpointed.
 *
 * <p>A transform that cannot be applied (an expression over a column the table no longer has, a value
 * it cannot compute) ends the job without restarts: a restart would meet the same event.
 *
 * <p>Filter: a row change passes when its row meets the filter. An update whose old row met it
 * and whose new row does not becomes a delete, the reverse an insert, so a filtered target stays
 * exactly the rows that meet it. A delete passes when the deleted row met the filter.
 *
 * <p>The functions the pipeline declares are loaded (from the job's class loader) and opened once per
 * subtask, and closed with it.
 */
public final class TransformFunction extends RichFlatMapFunction<Event, Event> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TransformFunction.class);
    static final String INSERT = "+I";
    static final String UPDATE_BEFORE = "-U";
    static final String UPDATE_AFTER = "+U";
    static final String DELETE = "-D";

    private final TransformRules rules;
    private transient Map<TableId, TableTransform> compiled;
    private transient EvaluationContext context;
    /** The table of the previous row change, its entry and compiled transform: rows come in runs of one table. */
    private transient TableId lastTable;
    private transient TransformDefinition lastRule;
    private transient TableTransform lastTransform;
    private transient UserFunctions functions;

    public TransformFunction(TransformRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    @Override
    public void open(OpenContext openContext) {
        openFunctions();
    }

    private void openFunctions() {
        compiled = new HashMap<>();
        context = new EvaluationContext();
        try {
            functions = UserFunctions.load(rules.functions(), Thread.currentThread().getContextClassLoader());
            functions.open();
        } catch (ExpressionException e) {
            throw FatalFailures.suppressRestartsIfFatal(new TributaryException(ErrorCode.CONFIG_INVALID, "The pipeline's "
                    + e.getMessage() + ".", e));
        }
    }

    @Override
    public void close() throws Exception {
        if (functions != null) {
            functions.close();
            functions = null;
        }
    }

    @Override
    public void flatMap(Event event, Collector<Event> out) {
        if (compiled == null) {
            openFunctions();
        }
        if (event instanceof DataChangeEvent row && row.tableId().equals(lastTable)) {
            rowChanged(lastRule, lastTransform, row, out);
            return;
        }
        Optional<TransformDefinition> rule = rules.forTable(event.tableId());
        if (rule.isEmpty()) {
            out.collect(event);
        } else if (event instanceof SchemaChangeEvent change) {
            lastTable = null;
            schemaChanged(rule.get(), change, out);
        } else {
            TableTransform transform = compiled.get(event.tableId());
            if (transform == null) {
                throw new IllegalStateException("A row of " + event.tableId() + " arrived before its schema");
            }
            lastTable = event.tableId();
            lastRule = rule.get();
            lastTransform = transform;
            rowChanged(rule.get(), transform, (DataChangeEvent) event, out);
        }
    }

    private void schemaChanged(TransformDefinition rule, SchemaChangeEvent event, Collector<Event> out) {
        TableId table = event.tableId();
        TableTransform previous = compiled.get(table);
        if (event.change() instanceof SchemaChange.DropTable) {
            compiled.remove(table);
            out.collect(new SchemaChangeEvent(table, event.change(), previous != null ? previous.projectedSchema() : event.schemaAfter()));
            return;
        }
        TableTransform next = compile(rule, event);
        compiled.put(table, next);
        if (event.change() instanceof SchemaChange.CreateTable) {
            if (previous == null && !rule.tableOptions().isEmpty()) {
                LOG.info("Transform #{} of {}: table-options {} are for sinks that create tables with options; Tributary's sinks do not use them",
                        rules.numberOf(rule), table, rule.tableOptions());
            }
            out.collect(SchemaChangeEvent.createTable(table, next.projectedSchema()));
        } else if (event.change() instanceof SchemaChange.TruncateTable) {
            out.collect(new SchemaChangeEvent(table, event.change(), next.projectedSchema()));
        } else if (previous == null) {
            out.collect(ProjectedSchemaChanges.withoutPrevious(table, next.projectedSchema(), event.change(), next.passesEverySourceColumn()));
        } else {
            ProjectedSchemaChanges.between(table, previous.projectedSchema(), next.projectedSchema(), event.change()).forEach(out::collect);
        }
    }

    private TableTransform compile(TransformDefinition rule, SchemaChangeEvent event) {
        try {
            return TableTransform.compile(rule, event.tableId(), event.schemaAfter(), functions);
        } catch (ExpressionException e) {
            String after = event.change() instanceof SchemaChange.CreateTable ? "" : " after the source's schema change " + event.change();
            throw FatalFailures.suppressRestartsIfFatal(new TributaryException(ErrorCode.CONFIG_INVALID, describe(rule) + " cannot be applied to table "
                    + event.tableId() + after + ": " + e.getMessage() + ". Change the transform in the pipeline file (the table's columns are "
                    + event.schemaAfter().columnNames() + ").", e));
        }
    }

    private String describe(TransformDefinition rule) {
        return "transform #" + rules.numberOf(rule) + " (source-table " + rule.sourceTable() + ")";
    }

    private void rowChanged(TransformDefinition rule, TableTransform transform, DataChangeEvent event, Collector<Event> out) {
        try {
            switch (event.operation()) {
                case READ, INSERT -> {
                    Object[] after = event.after().orElseThrow();
                    if (matches(transform, event.tableId(), after, INSERT)) {
                        Object[] projected = project(transform, event.tableId(), after, INSERT, false);
                        out.collect(withPosition(DataChangeEvent.of(event.tableId(), event.operation(), Optional.empty(), Optional.of(projected),
                                event.sourceTimestampMillis()), event));
                    }
                }
                case UPDATE -> updated(rule, transform, event, out);
                case DELETE -> {
                    Object[] before = event.before().orElseThrow();
                    if (matches(transform, event.tableId(), before, DELETE)) {
                        out.collect(deleted(rule, transform, event, before));
                    }
                }
            }
        } catch (ExpressionException e) {
            throw FatalFailures.suppressRestartsIfFatal(new TributaryException(ErrorCode.CONFIG_INVALID, describe(rule) + " failed on a change ("
                    + event.operation() + ") of " + event.tableId() + ": " + e.getMessage() + ". Change the transform in the pipeline file.", e));
        }
    }

    private void updated(TransformDefinition rule, TableTransform transform, DataChangeEvent event, Collector<Event> out) {
        TableId table = event.tableId();
        Optional<Object[]> before = event.before();
        Object[] after = before.isPresent() ? fillUnchanged(event.after().orElseThrow(), before.get()) : event.after().orElseThrow();
        boolean mayHoldUnchanged = TableTransform.holdsUnchanged(after);
        boolean beforeMatches = before.isPresent() && matches(transform, table, before.get(), UPDATE_BEFORE);
        boolean afterMatches = mayHoldUnchanged && TableTransform.readsUnchanged(transform.filterColumns(), after)
                // the filter reads a value the source did not send: it did not change, nor did the verdict
                ? before.isEmpty() || beforeMatches
                : matches(transform, table, after, UPDATE_AFTER);
        if (before.isEmpty()) {
            // Without the old row, whether it met the filter is unknown: upsert a match, delete by key otherwise.
            out.collect(afterMatches
                    ? withPosition(DataChangeEvent.update(table, Optional.empty(), project(transform, table, after, UPDATE_AFTER, mayHoldUnchanged),
                            event.sourceTimestampMillis()), event)
                    : deleted(rule, transform, event, after));
        } else if (beforeMatches && afterMatches) {
            out.collect(withPosition(DataChangeEvent.update(table, Optional.of(project(transform, table, before.get(), UPDATE_BEFORE, false)),
                    project(transform, table, after, UPDATE_AFTER, mayHoldUnchanged), event.sourceTimestampMillis()), event));
        } else if (beforeMatches) {
            out.collect(deleted(rule, transform, event, before.get()));
        } else if (afterMatches) {
            out.collect(withPosition(DataChangeEvent.insert(table, project(transform, table, after, INSERT, mayHoldUnchanged),
                    event.sourceTimestampMillis()), event));
        }
    }

    /** A delete of {@code row}, or with SOFT_DELETE an update of it to its values marked {@code -D}. */
    private DataChangeEvent deleted(TransformDefinition rule, TableTransform transform, DataChangeEvent event, Object[] row) {
        Object[] projected = project(transform, event.tableId(), row, DELETE, TableTransform.holdsUnchanged(row));
        DataChangeEvent result = rule.converterAfterTransform().isPresent()
                ? DataChangeEvent.update(event.tableId(), Optional.empty(), projected, event.sourceTimestampMillis())
                : DataChangeEvent.delete(event.tableId(), projected, event.sourceTimestampMillis());
        return withPosition(result, event);
    }

    private boolean matches(TableTransform transform, TableId table, Object[] row, String operationType) {
        return transform.matches(context.reset(table, row, operationType));
    }

    private Object[] project(TableTransform transform, TableId table, Object[] row, String operationType, boolean mayHoldUnchanged) {
        return transform.project(context.reset(table, row, operationType), row, mayHoldUnchanged);
    }

    /** An unchanged value the source did not send equals the old row's, where the old row has it. */
    private static Object[] fillUnchanged(Object[] after, Object[] before) {
        Object[] filled = after;
        for (int i = 0; i < after.length && i < before.length; i++) {
            if (after[i] == UnchangedValue.INSTANCE && before[i] != UnchangedValue.INSTANCE) {
                if (filled == after) {
                    filled = after.clone();
                }
                filled[i] = before[i];
            }
        }
        return filled;
    }

    private static DataChangeEvent withPosition(DataChangeEvent result, DataChangeEvent source) {
        return source.sourcePosition().isPresent() ? result.withSourcePosition(source.sourcePosition()) : result;
    }
}
