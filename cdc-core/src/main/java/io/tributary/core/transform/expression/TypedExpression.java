package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.DataType;
import java.util.BitSet;

/**
 * A compiled expression with its result type, its text (for messages) and the source columns it
 * reads (positions in the source schema).
 */
public record TypedExpression(Evaluator evaluator, DataType type, String text, BitSet columns) {
    public TypedExpression {
        requireNonNull(evaluator, "evaluator is null");
        requireNonNull(type, "type is null");
        requireNonNull(text, "text is null");
        columns = (BitSet) requireNonNull(columns, "columns is null").clone();
    }

    /** The source columns the expression reads (a copy). */
    @Override
    public BitSet columns() {
        return (BitSet) columns.clone();
    }

    /** An expression that reads no column. */
    static TypedExpression constant(Evaluator evaluator, DataType type, String text) {
        return new TypedExpression(evaluator, type, text, new BitSet());
    }

    /** The columns all of {@code operands} read. */
    static BitSet columnsOf(Iterable<TypedExpression> operands) {
        BitSet all = new BitSet();
        for (TypedExpression operand : operands) {
            all.or(operand.columns);
        }
        return all;
    }

    public Object evaluate(EvaluationContext context) {
        return evaluator.evaluate(context);
    }
}
