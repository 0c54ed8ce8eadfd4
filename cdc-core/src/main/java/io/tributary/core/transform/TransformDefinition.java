package io.tributary.core.transform;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TableSelector;
import io.tributary.core.transform.expression.ExpressionException;
import io.tributary.core.transform.expression.UserFunctions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code transform} entry of a pipeline file (Flink CDC 3.x): for the source tables the
 * selector matches, the columns to keep or compute, the rows to keep, and the sink table's keys.
 *
 * @param sourceTable which source tables (Flink CDC selector syntax)
 * @param projection the select list, e.g. {@code id, UPPER(name) AS name, *}; empty keeps every column
 * @param filter the condition rows must meet; empty keeps every row
 * @param primaryKeys the sink table's primary key; empty keeps the source table's
 * @param partitionKeys the columns rows are distributed to sink writers by; empty uses the primary key
 * @param tableOptions options for creating the sink table ({@code key1=value1,key2=value2}), for sinks that use them
 * @param converterAfterTransform a change applied after projection and filter
 * @param description the entry's description
 */
public record TransformDefinition(
        TableSelector sourceTable,
        Optional<String> projection,
        Optional<String> filter,
        List<String> primaryKeys,
        List<String> partitionKeys,
        Map<String, String> tableOptions,
        Optional<ConverterAfterTransform> converterAfterTransform,
        Optional<String> description) {

    public TransformDefinition {
        requireNonNull(sourceTable, "sourceTable is null");
        requireNonNull(projection, "projection is null");
        requireNonNull(filter, "filter is null");
        primaryKeys = List.copyOf(requireNonNull(primaryKeys, "primaryKeys is null"));
        partitionKeys = List.copyOf(requireNonNull(partitionKeys, "partitionKeys is null"));
        tableOptions = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tableOptions, "tableOptions is null")));
        requireNonNull(converterAfterTransform, "converterAfterTransform is null");
        requireNonNull(description, "description is null");
    }

    /**
     * The sink table's schema this entry makes of a source table's schema, checked as the pipeline
     * checks it when it first sees the table: every column an expression or key names exists, and
     * the types fit.
     *
     * @throws ExpressionException naming the expression, the problem and, where known, the key
     */
    public TableSchema projectedSchema(TableId table, TableSchema source) {
        return projectedSchema(table, source, UserFunctions.none());
    }

    /** The sink table's schema as {@link #projectedSchema(TableId, TableSchema)}, where expressions may call the pipeline's declared functions. */
    public TableSchema projectedSchema(TableId table, TableSchema source, UserFunctions functions) {
        return TableTransform.compile(this, table, source, functions).projectedSchema();
    }
}
