package io.tributary.core.transform.expression.functions;

/** An eval returning Object, whose type getReturnType() says, as Flink CDC's UserDefinedFunction does. */
public class Doubled {
    public Object eval(long value) {
        return value * 2;
    }

    /** Flink CDC returns its DataType, whose text is the type's SQL name. */
    public Object getReturnType() {
        return "BIGINT NOT NULL";
    }
}
