package io.tributary.core.spi;

import static java.util.Objects.requireNonNull;

import io.tributary.core.schema.SchemaChangeBehavior;
import java.io.Serializable;

/**
 * What a connector may know about the pipeline it is part of.
 *
 * @param pipelineName the display name, as the file gives it (log lines, metrics, message fields)
 * @param schemaChangeBehavior {@code pipeline.schema.change.behavior}: with {@code try_evolve}, a
 *     sink that fails to apply a schema change keeps its table as it is instead of failing
 */
public record PipelineContext(String pipelineName, int parallelism, SchemaChangeBehavior schemaChangeBehavior) implements Serializable {
    public PipelineContext {
        requireNonNull(pipelineName, "pipelineName is null");
        requireNonNull(schemaChangeBehavior, "schemaChangeBehavior is null");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
    }

    /** A pipeline with the default schema-change behaviour. */
    public PipelineContext(String pipelineName, int parallelism) {
        this(pipelineName, parallelism, SchemaChangeBehavior.LENIENT);
    }

    /** The pipeline's name as an identifier, for names that cannot hold spaces (topics, transactional ids); see {@link PipelineNames}. */
    public String pipelineId() {
        return PipelineNames.identifier(pipelineName);
    }
}
