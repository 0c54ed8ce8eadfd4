package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * What an expression is evaluated over: one row image (values in the source schema's column order)
 * and the metadata of its event. Mutable and reused for every row of one operator, so that
 * evaluating allocates nothing per row but the results.
 */
public final class EvaluationContext {
    private Object[] row;
    private TableId table;
    private String operationType;
    private OffsetDateTime now;

    /** Points the context at a row image; {@code operationType} is Flink CDC's {@code +I}, {@code -U}, {@code +U} or {@code -D}. */
    public EvaluationContext reset(TableId table, Object[] row, String operationType) {
        this.table = requireNonNull(table, "table is null");
        this.row = requireNonNull(row, "row is null");
        this.operationType = requireNonNull(operationType, "operationType is null");
        this.now = null;
        return this;
    }

    public Object value(int index) {
        return row[index];
    }

    public TableId table() {
        return table;
    }

    public String operationType() {
        return operationType;
    }

    /** The processing time of this row, the same for every expression over it (milliseconds, UTC). */
    public OffsetDateTime now() {
        if (now == null) {
            now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        }
        return now;
    }
}
