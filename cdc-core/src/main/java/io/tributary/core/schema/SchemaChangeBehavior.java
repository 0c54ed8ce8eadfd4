package io.tributary.core.schema;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a pipeline does with a source's schema changes ({@code pipeline.schema.change.behavior}),
 * with Apache Flink CDC's names and meanings.
 */
public enum SchemaChangeBehavior {
    /** Only the first announcement of a table reaches the sink; rows follow the schema it was created with. */
    IGNORE,
    /**
     * The default. Changes become ones that lose nothing: columns are added nullable at the end,
     * types only widen, a dropped column is kept nullable, a renamed one is added under its new name
     * beside the old; truncates and drops of tables are not applied unless asked for.
     */
    LENIENT,
    /** Changes are applied as made; one the sink cannot apply is skipped and rows keep the sink's schema. */
    TRY_EVOLVE,
    /** Changes are applied as made; one the sink cannot apply fails the pipeline. */
    EVOLVE,
    /** Any schema change after a table's creation fails the pipeline. */
    EXCEPTION;

    /** The pipeline option's key. */
    public static final String OPTION = "schema.change.behavior";

    /** The value of {@code schema.change.behavior} (any case), or the default when absent. */
    public static SchemaChangeBehavior parse(String value) {
        if (value == null) {
            return LENIENT;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "pipeline." + OPTION + " must be one of "
                    + Arrays.stream(values()).map(b -> b.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", was '" + value + "'");
        }
    }
}
