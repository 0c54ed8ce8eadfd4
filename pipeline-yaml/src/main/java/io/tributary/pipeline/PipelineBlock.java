package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** The {@code pipeline} block: the pipeline's name and every key as a string, defaults filled in. */
record PipelineBlock(String name, Map<String, String> options) {
    PipelineBlock {
        requireNonNull(name, "name is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
    }
}
