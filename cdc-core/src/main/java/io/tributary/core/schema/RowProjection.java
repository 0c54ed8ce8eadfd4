package io.tributary.core.schema;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Column;
import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Puts the rows of one schema into the columns of another by column name: a column the target has
 * and the row lacks gets the column's constant default, or NULL (as an INSERT that leaves the
 * column out would), a column the row has and the target lacks is left out, and a value
 * of a narrower type is converted to the target column's ({@link ValueCoercion}). When both schemas
 * have the same columns of the same kinds in the same order, rows pass unchanged.
 */
public final class RowProjection {
    private final TableSchema from;
    private final TableSchema to;
    /** For each target column, the index of the row's column, or -1. */
    private final int[] sources;
    /** For each target column, the kind to convert to, or null when the value fits. */
    private final TypeKind[] conversions;
    /** For each target column the row lacks, its constant default or null. */
    private final Object[] defaults;
    private final boolean identity;

    public RowProjection(TableSchema from, TableSchema to) {
        this.from = requireNonNull(from, "from is null");
        this.to = requireNonNull(to, "to is null");
        int count = to.columns().size();
        sources = new int[count];
        conversions = new TypeKind[count];
        defaults = new Object[count];
        boolean same = from.columns().size() == count;
        for (int i = 0; i < count; i++) {
            Column target = to.columns().get(i);
            OptionalInt index = from.indexOf(target.name());
            sources[i] = index.orElse(-1);
            if (index.isPresent()) {
                TypeKind kind = from.columns().get(index.getAsInt()).type().kind();
                conversions[i] = kind == target.type().kind() ? null : target.type().kind();
            } else {
                defaults[i] = target.defaultValue().flatMap(ColumnDefault::value).orElse(null);
            }
            same &= sources[i] == i && conversions[i] == null;
        }
        identity = same;
    }

    public TableSchema from() {
        return from;
    }

    public TableSchema to() {
        return to;
    }

    /** True when rows pass unchanged. */
    public boolean isIdentity() {
        return identity;
    }

    public Object[] apply(Object[] row) {
        if (identity || row == null) {
            return row;
        }
        Object[] projected = new Object[sources.length];
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] >= 0) {
                Object value = row[sources[i]];
                projected[i] = conversions[i] == null ? value : ValueCoercion.coerce(value, conversions[i]);
            } else {
                projected[i] = defaults[i];
            }
        }
        return projected;
    }

    /** The change with its row images projected. */
    public DataChangeEvent apply(DataChangeEvent change) {
        if (identity) {
            return change;
        }
        Optional<Object[]> before = change.before().map(this::apply);
        Optional<Object[]> after = change.after().map(this::apply);
        return DataChangeEvent.of(change.tableId(), change.operation(), before, after, change.sourceTimestampMillis())
                .withSourcePosition(change.sourcePosition());
    }
}
