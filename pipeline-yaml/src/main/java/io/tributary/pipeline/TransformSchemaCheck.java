package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.transform.expression.ExpressionException;
import io.tributary.core.transform.expression.UserFunctions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a pipeline file's {@code transform} entries against the schemas of the source tables
 * they match, as the pipeline does when it first sees each table, but before anything runs: a
 * projection, filter or key naming a column the table does not have is reported with the file and
 * line of the key, the expression and the problem.
 */
public final class TransformSchemaCheck {
    private final List<TransformBlockParser.Parsed> entries;
    private final UserFunctions functions;

    TransformSchemaCheck(List<TransformBlockParser.Parsed> entries, UserFunctions functions) {
        this.entries = List.copyOf(requireNonNull(entries, "entries is null"));
        this.functions = requireNonNull(functions, "functions is null");
    }

    /**
     * Checks every table against the first entry that matches it (the entry the pipeline applies).
     *
     * @param tables the source tables' schemas, as the source discovered them
     * @throws io.tributary.core.error.TributaryException ({@code CONFIG_INVALID}) for the first entry that does not fit a table
     */
    public void check(Map<TableId, TableSchema> tables) {
        requireNonNull(tables, "tables is null");
        tables.forEach((table, schema) -> entryFor(table).ifPresent(entry -> {
            try {
                entry.definition().projectedSchema(table, schema, functions);
            } catch (ExpressionException e) {
                String key = e.key().orElse("projection");
                throw entry.lineOf(key).error(ErrorCode.CONFIG_INVALID, "key '" + key + "' in " + entry.name() + " does not fit table " + table
                        + " (columns " + String.join(", ", schema.columnNames()) + "): " + e.getMessage()
                        + ". Change the expression, or narrow source-table to tables that have these columns.", e);
            }
        }));
    }

    private Optional<TransformBlockParser.Parsed> entryFor(TableId table) {
        return entries.stream().filter(entry -> entry.definition().sourceTable().matches(table)).findFirst();
    }
}
