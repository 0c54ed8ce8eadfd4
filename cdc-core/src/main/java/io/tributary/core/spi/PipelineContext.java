package io.tributary.core.spi;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * What a connector may know about the pipeline it is part of.
 *
 * @param pipelineName the display name, as the file gives it (log lines, metrics, message fields)
 */
public record PipelineContext(String pipelineName, int parallelism) implements Serializable {
    public PipelineContext {
        requireNonNull(pipelineName, "pipelineName is null");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
    }

    /** The pipeline's name as an identifier, for names that cannot hold spaces (topics, transactional ids); see {@link PipelineNames}. */
    public String pipelineId() {
        return PipelineNames.identifier(pipelineName);
    }
}
