package io.tributary.core.transform.expression;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resolves the names an expression uses to compiled expressions. */
@FunctionalInterface
public interface ColumnScope {
    Optional<TypedExpression> resolve(String name);

    /** The columns of a source schema (exact name first, then a unique case-insensitive match), then metadata columns. */
    static ColumnScope of(TableSchema schema) {
        List<Column> columns = schema.columns();
        return name -> {
            int index = schema.indexOf(name).orElse(-1);
            if (index < 0) {
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).name().equalsIgnoreCase(name)) {
                        if (index >= 0) {
                            index = -1;
                            break;
                        }
                        index = i;
                    }
                }
            }
            if (index >= 0) {
                int position = index;
                BitSet read = new BitSet();
                read.set(position);
                return Optional.of(new TypedExpression(context -> context.value(position), columns.get(position).type(), name, read));
            }
            return MetadataColumn.named(name).map(MetadataColumn::compile);
        };
    }

    /** This scope, then the named expressions (a projection's computed columns, which a filter may use). */
    default ColumnScope orElse(Map<String, TypedExpression> named) {
        return name -> resolve(name).or(() -> Optional.ofNullable(named.get(name)));
    }

    /**
     * For checking an expression before any schema is known: every name is a column of unknown
     * type (given as TEXT); compile with type checks off.
     */
    static ColumnScope anyColumn() {
        return name -> Optional.of(MetadataColumn.named(name).map(MetadataColumn::compile)
                .orElseGet(() -> TypedExpression.constant(context -> null, DataType.of(TypeKind.TEXT), name)));
    }
}
