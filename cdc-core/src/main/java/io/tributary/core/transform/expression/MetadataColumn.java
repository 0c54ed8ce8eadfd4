package io.tributary.core.transform.expression;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.util.Optional;

/**
 * The metadata columns a projection or filter may name, as in Flink CDC: the parts of the source
 * table's id and the kind of change ({@code +I}, {@code -U}, {@code +U}, {@code -D}).
 */
public enum MetadataColumn {
    NAMESPACE_NAME("__namespace_name__", true),
    SCHEMA_NAME("__schema_name__", true),
    TABLE_NAME("__table_name__", false),
    /** Flink CDC's name for the kind of change. */
    DATA_EVENT_TYPE("__data_event_type__", false),
    /** The same as {@link #DATA_EVENT_TYPE}, under the name Tributary's issue tracker and some users use. */
    OP_TYPE("__op_type__", false);

    private final String columnName;
    private final boolean nullable;

    MetadataColumn(String columnName, boolean nullable) {
        this.columnName = columnName;
        this.nullable = nullable;
    }

    public String columnName() {
        return columnName;
    }

    public DataType type() {
        DataType text = DataType.of(TypeKind.VARCHAR);
        return nullable ? text : text.notNull();
    }

    public static Optional<MetadataColumn> named(String name) {
        for (MetadataColumn column : values()) {
            if (column.columnName.equalsIgnoreCase(name)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    Object value(EvaluationContext context) {
        return switch (this) {
            // database.schema.table (PostgreSQL): namespace = database; database.table (MySQL): namespace = database, no schema
            case NAMESPACE_NAME -> context.table().database().orElse(null);
            case SCHEMA_NAME -> context.table().schema().orElse(null);
            case TABLE_NAME -> context.table().table();
            case DATA_EVENT_TYPE, OP_TYPE -> context.operationType();
        };
    }

    TypedExpression compile() {
        return TypedExpression.constant(this::value, type(), columnName);
    }
}
