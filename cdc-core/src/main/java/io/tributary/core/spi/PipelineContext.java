package io.tributary.core.spi;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** What a connector may know about the pipeline it is part of. */
public record PipelineContext(String pipelineName, int parallelism) implements Serializable {
    public PipelineContext {
        requireNonNull(pipelineName, "pipelineName is null");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
    }
}
