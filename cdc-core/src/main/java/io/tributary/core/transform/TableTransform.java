package io.tributary.core.transform;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Column;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.UnchangedValue;
import io.tributary.core.transform.expression.ColumnScope;
import io.tributary.core.transform.expression.EvaluationContext;
import io.tributary.core.transform.expression.ExpressionCompiler;
import io.tributary.core.transform.expression.ExpressionException;
import io.tributary.core.transform.expression.ExpressionParser;
import io.tributary.core.transform.expression.ProjectionItem;
import io.tributary.core.transform.expression.TypedExpression;
import io.tributary.core.transform.expression.UserFunctions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A transform entry compiled for one schema of one source table: the projected (sink) schema, and
 * how to compute a projected row and whether a row passes the filter.
 */
final class TableTransform {
    /** Where an output column's value comes from: a source column's position, or an expression. */
    private record Output(int sourceIndex, TypedExpression expression) {}

    private final TableSchema projectedSchema;
    private final Output[] outputs;
    private final boolean identity;
    private final boolean everySourceColumn;
    private final Optional<TypedExpression> filter;

    private TableTransform(TableSchema projectedSchema, Output[] outputs, boolean identity, boolean everySourceColumn, Optional<TypedExpression> filter) {
        this.projectedSchema = projectedSchema;
        this.outputs = outputs;
        this.identity = identity;
        this.everySourceColumn = everySourceColumn;
        this.filter = filter;
    }

    /**
     * Compiles {@code definition} against a source table's schema.
     *
     * @throws ExpressionException naming the expression and the problem (unknown column, type mismatch, a key not projected)
     */
    static TableTransform compile(TransformDefinition definition, TableId table, TableSchema source, UserFunctions functions) {
        requireNonNull(definition, "definition is null");
        ColumnScope scope = ColumnScope.of(source);
        ExpressionCompiler compiler = new ExpressionCompiler(scope, true, functions);
        List<ProjectionItem> items = definition.projection().map(ExpressionParser::parseProjection).orElse(List.of(ProjectionItem.star()));
        Map<String, Column> columns = new LinkedHashMap<>();
        List<Output> outputs = new ArrayList<>();
        Map<String, TypedExpression> computed = new HashMap<>();
        for (ProjectionItem item : items) {
            if (item.isStar()) {
                for (int i = 0; i < source.columns().size(); i++) {
                    add(columns, outputs, source.columns().get(i), new Output(i, null), item);
                }
                continue;
            }
            TypedExpression expression = compileItem(compiler, item);
            String name = item.name().orElseThrow();
            int sourceIndex = plainColumn(expression, source);
            add(columns, outputs, new Column(name, expression.type()), new Output(sourceIndex, sourceIndex >= 0 ? null : expression), item);
            computed.put(name, expression);
        }
        List<String> primaryKey = primaryKey(definition, table, source, columns, outputs);
        for (String name : definition.partitionKeys()) {
            requireProjected(columns, name, "partition-keys");
        }
        List<Column> projected = new ArrayList<>();
        for (Column column : columns.values()) {
            projected.add(primaryKey.contains(column.name()) ? new Column(column.name(), column.type().notNull()) : column);
        }
        Optional<TypedExpression> filter = definition.filter().map(text -> {
            try {
                return new ExpressionCompiler(scope.orElse(computed), true, functions).compileCondition(ExpressionParser.parseFilter(text));
            } catch (ExpressionException e) {
                throw new ExpressionException("filter", "filter '" + text + "': " + e.getMessage(), e);
            }
        });
        boolean identity = definition.projection().isEmpty() && primaryKey.equals(source.primaryKey());
        TableSchema schema = identity ? source : new TableSchema(projected, primaryKey);
        return new TableTransform(schema, outputs.toArray(Output[]::new), identity, items.stream().anyMatch(ProjectionItem::isStar), filter);
    }

    private static TypedExpression compileItem(ExpressionCompiler compiler, ProjectionItem item) {
        try {
            return compiler.compile(item.expression().orElseThrow());
        } catch (ExpressionException e) {
            throw new ExpressionException("projection", "projection item '" + item.text() + "': " + e.getMessage(), e);
        }
    }

    /** The source position of an expression that is just a source column, else -1. */
    private static int plainColumn(TypedExpression expression, TableSchema source) {
        BitSet read = expression.columns();
        if (read.cardinality() != 1) {
            return -1;
        }
        int index = read.nextSetBit(0);
        return expression.text().equals(source.columns().get(index).name())
                || expression.text().equalsIgnoreCase(source.columns().get(index).name()) ? index : -1;
    }

    private static void add(Map<String, Column> columns, List<Output> outputs, Column column, Output output, ProjectionItem item) {
        if (columns.putIfAbsent(column.name(), column) != null) {
            throw new ExpressionException("projection", "the projection produces the column '" + column.name() + "' twice (again from '"
                    + item.text() + "'); give one of them another name with AS", null);
        }
        outputs.add(output);
    }

    private static List<String> primaryKey(TransformDefinition definition, TableId table, TableSchema source, Map<String, Column> columns,
            List<Output> outputs) {
        if (!definition.primaryKeys().isEmpty()) {
            for (String name : definition.primaryKeys()) {
                requireProjected(columns, name, "primary-keys");
            }
            return definition.primaryKeys();
        }
        List<String> names = new ArrayList<>(columns.keySet());
        for (String key : source.primaryKey()) {
            int position = names.indexOf(key);
            int sourceIndex = source.indexOf(key).orElseThrow();
            if (position < 0 || outputs.get(position).sourceIndex() != sourceIndex) {
                throw new ExpressionException("projection", "the projection of " + table + " does not keep its primary key column '" + key + "' ("
                        + String.join(", ", source.primaryKey()) + "); add it to the projection, or set primary-keys to columns the projection produces",
                        null);
            }
        }
        return source.primaryKey();
    }

    private static void requireProjected(Map<String, Column> columns, String name, String key) {
        if (!columns.containsKey(name)) {
            throw new ExpressionException(key, key + " names the column '" + name + "', which the projection does not produce; it produces "
                    + String.join(", ", columns.keySet()), null);
        }
    }

    TableSchema projectedSchema() {
        return projectedSchema;
    }

    /** Whether the projection passes on every source column ({@code *}, or no projection). */
    boolean passesEverySourceColumn() {
        return everySourceColumn;
    }

    /** Whether the row (in the context) passes the filter: only TRUE passes. */
    boolean matches(EvaluationContext context) {
        return filter.isEmpty() || Boolean.TRUE.equals(filter.get().evaluate(context));
    }

    /** The columns the filter reads (source positions). */
    BitSet filterColumns() {
        return filter.map(TypedExpression::columns).orElseGet(BitSet::new);
    }

    /**
     * The projected row of the context's row. A computed column over a value the source did not
     * send ({@link UnchangedValue}) is unchanged too, so the target keeps it.
     */
    Object[] project(EvaluationContext context, Object[] row, boolean mayHoldUnchanged) {
        if (identity) {
            return row;
        }
        Object[] projected = new Object[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            Output output = outputs[i];
            if (output.expression() == null) {
                projected[i] = row[output.sourceIndex()];
            } else if (mayHoldUnchanged && readsUnchanged(output.expression().columns(), row)) {
                projected[i] = UnchangedValue.INSTANCE;
            } else {
                projected[i] = output.expression().evaluate(context);
            }
        }
        return projected;
    }

    /** Whether the source left out a value of the row because it did not change (only updates can). */
    static boolean holdsUnchanged(Object[] row) {
        for (Object value : row) {
            if (value == UnchangedValue.INSTANCE) {
                return true;
            }
        }
        return false;
    }

    static boolean readsUnchanged(BitSet columns, Object[] row) {
        for (int i = columns.nextSetBit(0); i >= 0; i = columns.nextSetBit(i + 1)) {
            if (row[i] == UnchangedValue.INSTANCE) {
                return true;
            }
        }
        return false;
    }
}
