package io.tributary.core.transform.expression;

/**
 * A compiled expression: returns its value for the row of the context, {@code null} for SQL NULL,
 * otherwise an object of the Java class of its type's kind ({@link io.tributary.core.model.TypeKind#javaClass()}).
 */
@FunctionalInterface
public interface Evaluator {
    Object evaluate(EvaluationContext context);
}
